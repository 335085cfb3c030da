package dev.camgate.media.mp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class Fmp4Test {
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xE0, 0x1F, 0x11, 0x22};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, 0x00, 0x03, 0x01};
    private static final byte[] AUD = {0x09, (byte) 0xF0};
    private static final byte[] SC4 = {0, 0, 0, 1};
    private static final byte[] SC3 = {0, 0, 1};

    @Test
    void annexBBecomesLengthPrefixedWithoutDelimiters() throws Mp4Exception {
        byte[] in = TestStreams.concat(new byte[] {7, 7}, SC4, AUD, SC4, SPS, SC3, PPS, new byte[] {0, 0}, SC3, IDR);
        Avcc a = Fmp4.annexBToAvcc(in, 2, in.length - 2);
        assertArrayEquals(TestStreams.concat(len(SPS), SPS, len(PPS), PPS, len(IDR), IDR), a.data());
        assertArrayEquals(SPS, a.sps());
        assertArrayEquals(PPS, a.pps());
        assertTrue(a.idr());
    }

    @Test
    void aPSliceHasNoParameterSets() throws Mp4Exception {
        byte[] slice = {0x41, (byte) 0x9A, 0x00, 0x00, 0x03, 0x00};
        byte[] in = TestStreams.concat(new byte[] {0}, SC4, slice);
        Avcc a = Fmp4.annexBToAvcc(in, 0, in.length);
        // The last byte 0x00 is trailing_zero_8bits of the byte stream, not part of the NAL unit.
        assertArrayEquals(TestStreams.concat(new byte[] {0, 0, 0, 5}, new byte[] {0x41, (byte) 0x9A, 0, 0, 3}), a.data());
        assertNull(a.sps());
        assertNull(a.pps());
        assertFalse(a.idr());
    }

    @Test
    void malformedAnnexBIsRefusedWithAMessage() {
        refused(new byte[0], "no start code");
        refused(new byte[] {0x65, 1, 2}, "no start code");
        refused(TestStreams.concat(new byte[] {5}, SC4, IDR), "before its first start code");
        refused(TestStreams.concat(SC4, SC4, IDR), "empty NAL unit");
        refused(TestStreams.concat(SC4, IDR, SC3), "empty NAL unit");
        refused(TestStreams.concat(SC4, new byte[] {(byte) 0xE5, 1}), "forbidden_zero_bit");
        refused(TestStreams.concat(SC4, AUD, SC3, AUD), "only delimiters");
        Mp4Exception e = assertThrows(Mp4Exception.class, () -> Fmp4.annexBToAvcc(new byte[4], 2, 3));
        assertTrue(e.getMessage().contains("outside"));
        assertThrows(Mp4Exception.class, () -> Fmp4.annexBToAvcc(null, 0, 0));
    }

    @Test
    void everyEncodedFrameConverts() throws Mp4Exception {
        for (byte[] au : TestStreams.accessUnits(320, 240, 90, 15)) {
            Avcc a = Fmp4.annexBToAvcc(au, 0, au.length);
            int nals = 0;
            for (int at = 0; at < a.data().length; nals++) {
                at += 4 + ByteBuffer.wrap(a.data()).getInt(at);
            }
            assertEquals(TestStreams.nalUnits(au).size(), nals);
            assertEquals(TestStreams.isIdr(au), a.idr());
            assertEquals(a.idr(), a.sps() != null);
        }
    }

    @Test
    void theFragmentHeaderPointsAtTheBytesAfterIt() {
        List<Sample> samples = List.of(new Sample(new byte[10], 0, 10, 3000, true),
                new Sample(new byte[20], 5, 7, 2999, false));
        byte[] h = Fmp4.fragmentHeader(42, 1L << 40, samples);
        ByteBuffer b = ByteBuffer.wrap(h);
        int moofSize = b.getInt(0);
        assertEquals(h.length - 8, moofSize);
        assertEquals(8 + 17, b.getInt(moofSize)); // the mdat header covers the sample bytes to come
        assertEquals(BoxWriter.fourcc("mdat"), b.getInt(moofSize + 4));
        int mfhd = SegmentTest.indexOf(h, "mfhd");
        assertEquals(42, b.getInt(mfhd + 8));
        int tfhd = SegmentTest.indexOf(h, "tfhd");
        assertEquals(0x020000, b.getInt(tfhd + 4)); // default-base-is-moof, nothing else
        int tfdt = SegmentTest.indexOf(h, "tfdt");
        assertEquals(0x01000000, b.getInt(tfdt + 4));
        assertEquals(1L << 40, b.getLong(tfdt + 8));
        int trun = SegmentTest.indexOf(h, "trun");
        assertEquals(0x000701, b.getInt(trun + 4));
        assertEquals(2, b.getInt(trun + 8));
        assertEquals(h.length, b.getInt(trun + 12)); // data offset from the moof's first byte
        assertEquals(3000, b.getInt(trun + 16));
        assertEquals(10, b.getInt(trun + 20));
        assertEquals(0x02000000, b.getInt(trun + 24));
        assertEquals(2999, b.getInt(trun + 28));
        assertEquals(7, b.getInt(trun + 32));
        assertEquals(0x01010000, b.getInt(trun + 36));
        assertThrows(IllegalArgumentException.class, () -> Fmp4.fragmentHeader(1, 0, List.of()));
    }

    @Test
    void theInitCarriesTheParameterSets() {
        byte[] init = Fmp4.init(new VideoTrack(1280, 720, SPS, PPS, 90_000));
        ByteBuffer b = ByteBuffer.wrap(init);
        int avcc = SegmentTest.indexOf(init, "avcC");
        byte[] expected = TestStreams.concat(new byte[] {1, 0x42, (byte) 0xE0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 6}, SPS,
                new byte[] {1, 0, 4}, PPS);
        assertEquals(8 + expected.length, b.getInt(avcc - 4));
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(init, avcc + 4, avcc + 4 + expected.length));
        int avc1 = SegmentTest.indexOf(init, SegmentTest.indexOf(init, "stsd"), "avc1");
        assertEquals(1280, b.getShort(avc1 + 4 + 24) & 0xFFFF);
        assertEquals(720, b.getShort(avc1 + 4 + 26) & 0xFFFF);
        int tkhd = SegmentTest.indexOf(init, "tkhd");
        assertEquals(1280 << 16, b.getInt(tkhd + 4 + 76));
        assertEquals(720 << 16, b.getInt(tkhd + 4 + 80));
        int mdhd = SegmentTest.indexOf(init, "mdhd");
        assertEquals(90_000, b.getInt(mdhd + 4 + 12));
        assertEquals(init.length, b.getInt(0) + b.getInt(b.getInt(0))); // ftyp + moov, nothing else
    }

    private static byte[] len(byte[] nal) {
        return ByteBuffer.allocate(4).putInt(nal.length).array();
    }

    private static void refused(byte[] in, String messagePart) {
        Mp4Exception e = assertThrows(Mp4Exception.class, () -> Fmp4.annexBToAvcc(in, 0, in.length));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
