package dev.camgate.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateTest {

    @Test
    void hostCandidatesForIpv4AndIpv6() throws Exception {
        Candidate v4 = Candidate.host("1", InetAddress.getByName("192.168.1.10"), 8443, 65535);
        // RFC 8445 §5.1.2.1: (2^24)*126 + (2^8)*65535 + (256 - 1), the highest host priority
        assertEquals(2130706431L, v4.priority());
        assertEquals("candidate:1 1 udp 2130706431 192.168.1.10 8443 typ host", v4.sdpValue());
        Candidate v6 = Candidate.host("2", InetAddress.getByName("fe80::1%1"), 8443, 65534);
        assertEquals("candidate:2 1 udp 2130706175 fe80:0:0:0:0:0:0:1 8443 typ host", v6.sdpValue(), "no zone id");
        assertEquals(v4, Candidate.parse(v4.sdpValue()));
        assertEquals(v6, Candidate.parse("a=" + v6.sdpValue()));
        assertThrows(IllegalArgumentException.class, () -> Candidate.host("no spaces", InetAddress.getLoopbackAddress(), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Candidate.host("1", InetAddress.getLoopbackAddress(), 0, 1));
    }

    @Test
    void chromiumTrickleCandidate() throws SdpException {
        String trickle = "candidate:842163049 1 udp 1677729535 203.0.113.77 61764 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw network-cost 999";
        Candidate c = Candidate.parse(trickle);
        assertEquals(new Candidate("842163049", 1, "udp", 1677729535L, "203.0.113.77", 61764, "srflx", "0.0.0.0", 0,
                Map.of("generation", "0", "ufrag", "EsAw", "network-cost", "999")), c);
        assertEquals(trickle, c.sdpValue(), "written back as it came, extensions in order");
    }

    @Test
    void relayAndTcpCandidates() throws SdpException {
        Candidate relay = Candidate.parse("candidate:2157334355 1 udp 33562367 198.51.100.4 59361 typ relay raddr 203.0.113.77 rport 61764 generation 0");
        assertEquals("relay", relay.type());
        assertEquals(61764, relay.rport());
        Candidate tcp = Candidate.parse("candidate:1 1 TCP 2105524479 192.168.1.50 9 typ host tcptype active");
        assertEquals("TCP", tcp.transport());
        assertEquals("active", tcp.extensions().get("tcptype"));
    }

    @Test
    void malformedCandidatesAreRefused() {
        for (String bad : new String[] {
                "", "candidate:", "1 1 udp 1 1.2.3.4 5 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ",
                "candidate:1 0 udp 1 1.2.3.4 5 typ host", "candidate:1 1 udp -1 1.2.3.4 5 typ host",
                "candidate:1 1 udp 1 1.2.3.4 65536 typ host", "candidate:1 1 udp 1 1.2.3.4 5 type host",
                "candidate:1 1 udp 1 <script> 5 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ host generation",
                "candidate:1 1 udp 1 1.2.3.4 5 typ host raddr", "candidate:1 1 udp 1 1.2.3.4 5 typ host a 1 a 2",
                "candidate:1 1 udp 1 1.2.3.4 5 typ host" + " x 1".repeat(40)}) {
            SdpException e = assertThrows(SdpException.class, () -> Candidate.parse(bad), bad);
            assertEquals(0, e.line());
        }
        assertThrows(SdpException.class, () -> Candidate.parse(null));
    }
}
