package dev.camgate.media.rtp;

import java.util.HexFormat;

/**
 * What camgate needs from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1): profile, constraint flags,
 * level, and the picture size after frame cropping. The VUI and everything after the cropping fields are not
 * read.
 *
 * @param profileIdc      profile_idc (66 baseline, 77 main, 100 high, ...)
 * @param constraintFlags the byte holding constraint_set0..5_flag (0x40 = set1: constrained baseline with 66)
 * @param levelIdc        level_idc (31 = level 3.1)
 */
public record Sps(int profileIdc, int constraintFlags, int levelIdc, int width, int height) {
    // No real stream comes near these; they keep the arithmetic far from overflow.
    private static final int MAX_MBS = 1024;
    private static final long UE_MAX = 0xFFFFFFFEL;

    /** The SDP {@code profile-level-id} (RFC 6184 §8.1) these three bytes make, e.g. {@code 42e01f}. */
    public String profileLevelId() {
        return HexFormat.of().toHexDigits((byte) profileIdc) + HexFormat.of().toHexDigits((byte) constraintFlags)
                + HexFormat.of().toHexDigits((byte) levelIdc);
    }

    /** {@link #parse(byte[], int, int)} over the whole array. */
    public static Sps parse(byte[] nal) throws PayloadException {
        if (nal == null) {
            throw new PayloadException("no SPS");
        }
        return parse(nal, 0, nal.length);
    }

    /**
     * Parses one SPS NAL unit, starting at its NAL header byte (0x67 or another type-7 header), as it sits in an
     * RTP payload: emulation-prevention bytes are skipped while reading, nothing is copied. Time is bounded by
     * {@code len}. Throws {@link PayloadException} naming the field for anything that is not an SPS, is cut
     * short, or holds a value H.264 does not allow; nothing else.
     */
    public static Sps parse(byte[] buf, int off, int len) throws PayloadException {
        if (!H264.inside(buf, off, len)) {
            throw new PayloadException("SPS range outside the buffer");
        }
        if (len < 5) {
            throw new PayloadException("SPS of " + len + " bytes is too short");
        }
        if ((buf[off] & 0x80) != 0 || (buf[off] & 0x1F) != H264.NAL_SPS) {
            throw new PayloadException("NAL header 0x" + HexFormat.of().toHexDigits(buf[off]) + " is not an SPS");
        }
        Bits r = new Bits(buf, off + 1, off + len);
        int profile = r.u(8, "profile_idc");
        int constraints = r.u(8, "constraint_set flags");
        int level = r.u(8, "level_idc");
        r.ue("seq_parameter_set_id", 31);
        int chromaFormat = 1;
        boolean separateColourPlanes = false;
        if (hasChromaInfo(profile)) {
            chromaFormat = (int) r.ue("chroma_format_idc", 3);
            if (chromaFormat == 3) {
                separateColourPlanes = r.u(1, "separate_colour_plane_flag") == 1;
            }
            r.ue("bit_depth_luma_minus8", 6);
            r.ue("bit_depth_chroma_minus8", 6);
            r.u(1, "qpprime_y_zero_transform_bypass_flag");
            if (r.u(1, "seq_scaling_matrix_present_flag") == 1) {
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.u(1, "seq_scaling_list_present_flag") == 1) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue("log2_max_frame_num_minus4", 12);
        long pocType = r.ue("pic_order_cnt_type", 2);
        if (pocType == 0) {
            r.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
        } else if (pocType == 1) {
            r.u(1, "delta_pic_order_always_zero_flag");
            r.se("offset_for_non_ref_pic");
            r.se("offset_for_top_to_bottom_field");
            long cycle = r.ue("num_ref_frames_in_pic_order_cnt_cycle", 255);
            for (int i = 0; i < cycle; i++) {
                r.se("offset_for_ref_frame");
            }
        }
        r.ue("max_num_ref_frames", 16);
        r.u(1, "gaps_in_frame_num_value_allowed_flag");
        int widthMbs = (int) r.ue("pic_width_in_mbs_minus1", MAX_MBS - 1) + 1;
        int heightMapUnits = (int) r.ue("pic_height_in_map_units_minus1", MAX_MBS - 1) + 1;
        int frameMbsOnly = r.u(1, "frame_mbs_only_flag");
        if (frameMbsOnly == 0) {
            r.u(1, "mb_adaptive_frame_field_flag");
        }
        r.u(1, "direct_8x8_inference_flag");
        int width = widthMbs * 16;
        int height = (2 - frameMbsOnly) * heightMapUnits * 16;
        if (r.u(1, "frame_cropping_flag") == 1) {
            // §7.4.2.1.1: crop offsets count in chroma samples, and in field pairs for interlaced streams.
            int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
            int cropUnitX = chromaArrayType == 0 || chromaArrayType == 3 ? 1 : 2;
            int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (2 - frameMbsOnly);
            long left = r.ue("frame_crop_left_offset", UE_MAX);
            long right = r.ue("frame_crop_right_offset", UE_MAX);
            long top = r.ue("frame_crop_top_offset", UE_MAX);
            long bottom = r.ue("frame_crop_bottom_offset", UE_MAX);
            long cropX = cropUnitX * (left + right);
            long cropY = cropUnitY * (top + bottom);
            if (cropX >= width || cropY >= height) {
                throw new PayloadException("frame cropping " + cropX + "x" + cropY + " leaves nothing of "
                        + width + "x" + height);
            }
            width -= (int) cropX;
            height -= (int) cropY;
        }
        return new Sps(profile, constraints, level, width, height);
    }

    // §7.3.2.1.1: the profiles whose SPS carries chroma format, bit depths and scaling matrices.
    private static boolean hasChromaInfo(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    // §7.3.2.1.1.1 scaling_list(): only delta_scale is coded; a next scale of 0 ends the coded part.
    private static void skipScalingList(Bits r, int size) throws PayloadException {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0; j++) {
            long delta = r.se("delta_scale");
            if (delta < -128 || delta > 127) {
                throw new PayloadException("delta_scale " + delta + " outside -128..127");
            }
            next = (int) ((last + delta + 256) % 256);
            last = next == 0 ? last : next;
        }
    }

    /** Reads the RBSP bits of a NAL unit, dropping each emulation-prevention byte (00 00 03) on the way. */
    private static final class Bits {
        private final byte[] buf;
        private final int end;
        private int pos;
        private int zeros;
        private int current;
        private int left;

        Bits(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        int bit(String field) throws PayloadException {
            if (left == 0) {
                current = next(field);
                left = 8;
            }
            left--;
            return current >>> left & 1;
        }

        private int next(String field) throws PayloadException {
            if (pos >= end) {
                throw new PayloadException("SPS ends inside " + field);
            }
            int b = buf[pos++] & 0xFF;
            if (zeros >= 2 && b == 3) {
                if (pos >= end) {
                    throw new PayloadException("SPS ends inside " + field);
                }
                b = buf[pos++] & 0xFF;
                zeros = 0;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            return b;
        }

        int u(int n, String field) throws PayloadException {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = v << 1 | bit(field);
            }
            return v;
        }

        /** Exp-Golomb ue(v) (§9.1), at most 32 leading zeros, and at most {@code max}. */
        long ue(String field, long max) throws PayloadException {
            int zeroBits = 0;
            while (bit(field) == 0) {
                if (++zeroBits > 31) {
                    throw new PayloadException(field + " is an Exp-Golomb code longer than 32 bits");
                }
            }
            long v = (1L << zeroBits) - 1;
            long suffix = 0;
            for (int i = 0; i < zeroBits; i++) {
                suffix = suffix << 1 | bit(field);
            }
            v += suffix;
            if (v > max) {
                throw new PayloadException(field + " = " + v + " exceeds " + max);
            }
            return v;
        }

        /** se(v) (§9.1.1): 1, 2, 3, 4 ... map to 1, -1, 2, -2 ... */
        long se(String field) throws PayloadException {
            long k = ue(field, UE_MAX);
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
