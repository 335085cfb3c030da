package dev.camgate.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;

/** The sequence numbers a NACK packet asks for, expanded from its PID/BLP pairs. */
final class NackSet {
    private NackSet() {
    }

    static Set<Integer> of(byte[] buf, int off, int len) {
        Set<Integer> seqs = new TreeSet<>();
        int code = Rtcp.walk(buf, off, len, new RtcpVisitor() {
            @Override
            public void nack(long senderSsrc, long mediaSsrc, int pid, int blp) {
                seqs.add(pid);
                for (int i = 0; i < 16; i++) {
                    if ((blp & 1 << i) != 0) {
                        seqs.add((pid + i + 1) & 0xFFFF);
                    }
                }
            }
        });
        assertEquals(Rtcp.OK, code, Rtcp.reason(code));
        return seqs;
    }
}
