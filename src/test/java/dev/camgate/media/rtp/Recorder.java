package dev.camgate.media.rtp;

import java.util.ArrayList;
import java.util.List;

/** An {@link RtcpVisitor} that writes down every call as a line, for comparing with what a test expects. */
final class Recorder implements RtcpVisitor {
    final List<String> calls = new ArrayList<>();

    @Override
    public void senderReport(long ssrc, long ntpMsw, long ntpLsw, long rtpTs, long packetCount, long octetCount) {
        calls.add("sr %x ntp %x.%x ts %d packets %d octets %d".formatted(ssrc, ntpMsw, ntpLsw, rtpTs, packetCount, octetCount));
    }

    @Override
    public void receiverReport(long ssrc) {
        calls.add("rr %x".formatted(ssrc));
    }

    @Override
    public void reportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost, long extHighestSeq,
            long jitter, long lsr, long dlsr) {
        calls.add("block %x->%x fraction %d lost %d highest %d jitter %d lsr %x dlsr %x".formatted(reporterSsrc,
                sourceSsrc, fractionLost, cumulativeLost, extHighestSeq, jitter, lsr, dlsr));
    }

    @Override
    public void sdes(int chunkCount) {
        calls.add("sdes " + chunkCount);
    }

    @Override
    public void bye(long ssrc) {
        calls.add("bye %x".formatted(ssrc));
    }

    @Override
    public void nack(long senderSsrc, long mediaSsrc, int pid, int blp) {
        calls.add("nack %x->%x pid %d blp %04x".formatted(senderSsrc, mediaSsrc, pid, blp));
    }

    @Override
    public void pli(long senderSsrc, long mediaSsrc) {
        calls.add("pli %x->%x".formatted(senderSsrc, mediaSsrc));
    }

    @Override
    public void fir(long senderSsrc, long targetSsrc, int seqNr) {
        calls.add("fir %x->%x seq %d".formatted(senderSsrc, targetSsrc, seqNr));
    }

    @Override
    public void remb(long senderSsrc, long bitrateBps, int ssrcCount, byte[] buf, int ssrcsOff) {
        StringBuilder s = new StringBuilder("remb %x %d".formatted(senderSsrc, bitrateBps));
        for (int i = 0; i < ssrcCount; i++) {
            s.append(" %x".formatted(Rtcp.ssrcAt(buf, ssrcsOff, i)));
        }
        calls.add(s.toString());
    }

    @Override
    public void transportCc(long senderSsrc, long mediaSsrc) {
        calls.add("twcc %x->%x".formatted(senderSsrc, mediaSsrc));
    }

    @Override
    public void other(int pt, int fmt) {
        calls.add("other " + pt + "/" + fmt);
    }
}
