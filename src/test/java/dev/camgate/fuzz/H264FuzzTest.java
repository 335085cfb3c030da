package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.rtp.H264;
import dev.camgate.media.rtp.PayloadException;
import dev.camgate.media.rtp.Sps;

/**
 * H.264 RTP payloads from a camera. The payload facts never throw and agree with each other; a found NAL unit
 * lies inside the payload; {@link Sps#parse} returns a picture of sane size or throws {@link PayloadException}
 * with a message, nothing else (its time is bounded by the input length: no loop runs longer than a field
 * allows, which Jazzer's per-input timeout would catch). Seeds: H264FuzzTestInputs/payload/.
 */
class H264FuzzTest {

    @FuzzTest(maxDuration = "5m")
    void payload(byte[] data) {
        int len = data.length;
        boolean keyframe = H264.isKeyframe(data, 0, len);
        int type = H264.nalType(data, 0, len);
        assertTrue(type >= -1 && type <= 31);
        if (keyframe) {
            assertTrue(H264.startsNalUnit(data, 0, len), "a keyframe start that does not start a NAL unit");
            if ((data[0] & 0x1F) != H264.STAP_A) {
                assertTrue(type == H264.NAL_IDR || type == H264.NAL_SPS, "keyframe of NAL type " + type);
            }
        }
        for (int t : new int[] {H264.NAL_SPS, H264.NAL_PPS, H264.NAL_IDR}) {
            long span = H264.findNal(data, 0, len, t);
            if (span == -1) {
                continue;
            }
            int at = H264.spanOffset(span);
            int n = H264.spanLength(span);
            assertTrue(at >= 0 && n >= 1 && at + n <= len, "span " + at + "+" + n + " outside " + len);
            assertEquals(t, data[at] & 0x1F);
            if (t == H264.NAL_SPS || t == H264.NAL_IDR) {
                assertTrue(keyframe, "an SPS or IDR found in a payload that is no keyframe");
            }
        }
        long sps = H264.findSps(data, 0, len);
        if (sps != -1) {
            parse(data, H264.spanOffset(sps), H264.spanLength(sps));
        }
        parse(data, 0, len);
        if (len > 0) {
            // the same bytes as an SPS body, so the fuzzer's effort goes past the NAL header check
            byte[] nal = data.clone();
            nal[0] = 0x67;
            parse(nal, 0, len);
        }
    }

    private static void parse(byte[] buf, int off, int len) {
        try {
            Sps s = Sps.parse(buf, off, len);
            assertTrue(s.width() > 0 && s.width() <= 16384, "width " + s.width());
            assertTrue(s.height() > 0 && s.height() <= 32768, "height " + s.height());
            assertTrue(s.profileIdc() >= 0 && s.profileIdc() <= 255 && s.levelIdc() >= 0 && s.levelIdc() <= 255);
            assertEquals(6, s.profileLevelId().length());
        } catch (PayloadException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank(), "a PayloadException must say what was wrong");
        }
    }
}
