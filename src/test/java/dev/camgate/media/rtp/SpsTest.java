package dev.camgate.media.rtp;

import static dev.camgate.media.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Two kinds of vectors. Encoder output published with its known size by other projects' tests (ffmpeg/x264
 * captures: WebRTC's sps_parser_unittest, mux.js, a Go h264 parser's tests), which exercise what real encoders
 * write. And SPSs built bit by bit from the syntax table of H.264 §7.3.2.1.1 (a 30-line script; the bits are
 * spelled out below for the first) for the cases the brief names: Chromium's 640x480 constrained baseline and
 * 1920x1080 with its 8-line crop.
 */
class SpsTest {

    static Sps parse(String hex) throws PayloadException {
        return Sps.parse(hex(hex));
    }

    @Test
    void constrainedBaseline640x480() throws PayloadException {
        // 42 c0 1e | 1 (sps id 0) 1 (log2_max_frame_num-4 = 0) 011 (poc type 2) 010 (1 ref frame) 0 (no gaps)
        // 00000101000 (width 40 MBs - 1 = 39) 000011110 (height 30 - 1 = 29) 1 (frame mbs only) 1 (direct 8x8)
        // 0 (no cropping) 0 (no VUI) 1 (stop bit) and zero bits to the byte
        Sps sps = parse("67 42 c0 1e da 02 80 f6 40");
        assertEquals(new Sps(66, 0xc0, 30, 640, 480), sps);
        assertEquals("42c01e", sps.profileLevelId());
    }

    @Test
    void constrainedBaseline1280x720() throws PayloadException {
        assertEquals(new Sps(66, 0xc0, 31, 1280, 720), parse("67 42 c0 1f da 01 40 16 e4"));
    }

    @Test
    void high1920x1080CropsEightLines() throws PayloadException {
        // 120 x 68 MBs = 1920x1088, frame_crop_bottom_offset 4 in 4:2:0 chroma units = 8 lines
        assertEquals(new Sps(100, 0, 40, 1920, 1080), parse("67 64 00 28 ac d9 40 78 02 27 e5 40"));
    }

    @Test
    void interlaced1920x1080CropsInFieldPairs() throws PayloadException {
        // 34 map units of field MB pairs = 1088 lines; a crop unit is 4 lines here, 2 of them
        assertEquals(new Sps(100, 0, 40, 1920, 1080), parse("67 64 00 28 ac d9 40 78 04 47 da"));
    }

    @Test
    void monochromeCropsInLumaSamples() throws PayloadException {
        // chroma_format_idc 0: crop units are 1 sample; 112x64 cropped by 2+10 and 3+11
        assertEquals(new Sps(100, 0, 30, 100, 50), parse("67 64 00 1e f3 68 72 76 2c 83 10"));
    }

    @Test
    void ffmpegHigh422CapturesWithEmulationPrevention() throws PayloadException {
        // WebRTC common_video/h264/sps_parser_unittest.cc (profile 122, scaling-free; 00 00 03 inside)
        assertEquals(new Sps(122, 0, 31, 1280, 720),
                parse("67 7a 00 1f bc d9 40 50 05 ba 10 00 00 03 00 c0 00 00 2a e0 f1 83 19 60"));
        assertEquals(new Sps(122, 0, 30, 640, 360),
                parse("67 7a 00 1e bc d9 40 a0 2f f8 98 40 00 00 03 01 80 00 00 56 83 c5 8b 65 80"));
        assertEquals(new Sps(122, 0, 13, 200, 400),
                parse("67 7a 00 0d bc d9 43 43 3e 5e 10 00 00 03 00 60 00 00 15 a0 f1 42 99 60"));
    }

    @Test
    void otherPublishedCaptures() throws PayloadException {
        // mux.js test/test-sps.js: baseline 720x404
        assertEquals(new Sps(66, 0xc0, 30, 720, 404),
                parse("67 42 c0 1e d9 00 b4 35 f9 e1 00 00 03 00 01 00 00 03 00 3c 0f 16 2e 48"));
        // vtpl1/avsdk h264parser tests: high 320x180 (bottom crop 6) and 1280x720
        assertEquals(new Sps(100, 0, 13, 320, 180), parse("67 64 00 0d ac d9 41 41 9f 9e 10 00 00 03 00 10 00 00 03 03 c0 f1 42 99 60"));
        assertEquals(new Sps(100, 0, 32, 1280, 720),
                parse("67 64 00 20 ac ca c0 50 05 bb 01 69 e0 00 00 03 00 20 00 00 0c 9c 4c 00 04 32 38 00 08 64 7c 12 40 1c b1 c3 13 80"));
    }

    @Test
    void parsesInsideALargerBuffer() throws PayloadException {
        byte[] nal = hex("67 42 c0 1e da 02 80 f6 40");
        byte[] buf = new byte[nal.length + 7];
        System.arraycopy(nal, 0, buf, 3, nal.length);
        assertEquals(640, Sps.parse(buf, 3, nal.length).width());
    }

    @Test
    void refusesWhatIsNotAnSps() {
        assertMessage("is not an SPS", "68 ce 3c 80 00");            // a PPS
        assertMessage("is not an SPS", "e7 42 c0 1e da 02 80 f6 40"); // forbidden_zero_bit set
        assertMessage("too short", "67 42 c0 1e");
        assertMessage("SPS ends inside pic_height_in_map_units_minus1", "67 42 c0 1e da 02 80");
        assertMessage("seq_parameter_set_id = 63 exceeds 31", "67 42 c0 1e 02 00 00 00");
        assertMessage("chroma_format_idc = 4 exceeds 3", "67 64 00 1e 94 ff ff ff");
        assertThrows(PayloadException.class, () -> Sps.parse(null));
        assertThrows(PayloadException.class, () -> Sps.parse(new byte[4], 2, 4));
    }

    @Test
    void aHugeExpGolombCodeIsRefusedNotLoopedOn() {
        byte[] nal = new byte[100_000];
        nal[0] = 0x67;
        nal[1] = 66;
        PayloadException e = assertThrows(PayloadException.class, () -> Sps.parse(nal));
        assertTrue(e.getMessage().contains("longer than 32 bits"), e.getMessage());
    }

    @Test
    void aCropLargerThanThePictureIsRefused() {
        // 640x480 with frame_crop_left_offset 600: 1200 samples of 4:2:0 chroma units
        assertMessage("leaves nothing", "67 42 c0 1e da 02 80 f7 00 4b 3d");
    }

    private static void assertMessage(String expected, String hex) {
        PayloadException e = assertThrows(PayloadException.class, () -> parse(hex));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
