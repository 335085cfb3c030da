package dev.camgate.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SDP reader behind {@link SessionDescription#parse}: one pass over the lines, with every count bounded
 * so a hostile SDP costs at most a little more than its (bounded) length. Known attributes that are
 * malformed are errors; unknown ones are kept (up to {@link #MAX_KEPT} per level) and never an error.
 */
public final class SdpParser {
    /** The whole SDP, in characters. */
    public static final int MAX_SDP = 64 * 1024;
    public static final int MAX_LINE = 4096;
    public static final int MAX_SECTIONS = 16;
    /** a= lines in one m-section (Chromium's video section has about 150). */
    public static final int MAX_ATTRIBUTES = 1024;
    public static final int MAX_SESSION_ATTRIBUTES = 128;
    public static final int MAX_FORMATS = 128;
    public static final int MAX_CANDIDATES = 64;
    public static final int MAX_EXTMAPS = 32;
    public static final int MAX_SSRCS = 32;
    public static final int MAX_SSRC_GROUPS = 16;
    public static final int MAX_GROUPS = 8;
    public static final int MAX_RTCP_FB = 16;
    public static final int MAX_FMTP_PARAMS = 32;
    /** Unknown attributes kept per level; further ones are dropped, not refused. */
    public static final int MAX_KEPT = 64;

    private SdpParser() {
    }

    static SessionDescription parse(String sdp) throws SdpException {
        if (sdp == null || sdp.isEmpty()) {
            throw new SdpException("empty SDP");
        }
        if (sdp.length() > MAX_SDP) {
            throw new SdpException("SDP longer than " + MAX_SDP + " characters");
        }
        if (!sdp.startsWith("v=0\n") && !sdp.startsWith("v=0\r\n")) {
            throw new SdpException(1, "an SDP starts with the line v=0");
        }
        return new SdpParser.Reader().read(sdp);
    }

    /** The state of one parse: the session so far and the m-section being read. */
    private static final class Reader {
        private Origin origin;
        private String sessionName;
        private boolean sawTiming;
        private final List<Group> groups = new ArrayList<>();
        private final List<Integer> groupLines = new ArrayList<>();
        private boolean iceLite;
        private String iceUfrag;
        private String icePwd;
        private String fingerprint;
        private Setup setup;
        private final List<Attribute> attributes = new ArrayList<>();
        private int sessionAttributes;
        private final List<Section> sections = new ArrayList<>();
        private Section current;

        SessionDescription read(String sdp) throws SdpException {
            int lineNo = 0;
            int pos = 0;
            int n = sdp.length();
            while (pos < n) {
                lineNo++;
                int nl = sdp.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                int next = nl < 0 ? n : nl + 1;
                if (end > pos && sdp.charAt(end - 1) == '\r') {
                    end--;
                }
                if (end - pos > MAX_LINE) {
                    throw new SdpException(lineNo, "line longer than " + MAX_LINE + " characters");
                }
                if (end == pos && next >= n) {
                    break; // one blank line at the very end, as pasted SDPs have
                }
                line(lineNo, sdp.substring(pos, end));
                pos = next;
            }
            if (origin == null) {
                throw new SdpException("no o= line");
            }
            if (sessionName == null) {
                throw new SdpException("no s= line");
            }
            if (!sawTiming) {
                throw new SdpException("no t= line");
            }
            return build();
        }

        private void line(int no, String line) throws SdpException {
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException(no, line.isEmpty() ? "empty line" : "a line is <letter>=<value>");
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new SdpException(no, c == '\r' ? "carriage return inside a line" : "control character in a line");
                }
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (no == 1) {
                return; // v=0, checked before reading
            }
            switch (type) {
                case 'v' -> throw new SdpException(no, "a second v= line");
                case 'o' -> origin(no, value);
                case 's' -> {
                    if (current != null || sessionName != null) {
                        throw new SdpException(no, "s= belongs once at session level");
                    }
                    sessionName = value;
                }
                case 't' -> {
                    if (current != null) {
                        throw new SdpException(no, "t= inside an m-section");
                    }
                    sawTiming = true;
                }
                case 'm' -> media(no, value);
                case 'a' -> attribute(no, value);
                case 'i', 'u', 'e', 'p', 'c', 'b', 'r', 'z', 'k' -> {
                    // not used by WebRTC peers; connection data is meaningless with ICE (RFC 8839 §4.2.3)
                }
                default -> throw new SdpException(no, "unknown line type " + SdpException.excerpt(String.valueOf(type)));
            }
        }

        private void origin(int no, String value) throws SdpException {
            if (current != null || origin != null) {
                throw new SdpException(no, "o= belongs once at session level");
            }
            List<String> f = Tokens.split(value, 6);
            if (f == null || f.size() != 6) {
                throw new SdpException(no, "o= needs username, session id, version, net type, address type and address");
            }
            long version = Tokens.number(f.get(2), 19, Long.MAX_VALUE);
            if (!Tokens.token(f.get(0), 256) || !digits(f.get(1), 20)) {
                throw new SdpException(no, "o= username or session id is malformed");
            }
            if (version < 0) {
                throw new SdpException(no, "o= session version " + SdpException.excerpt(f.get(2)) + " is not a number");
            }
            if (!Tokens.token(f.get(3), 16) || !Tokens.token(f.get(4), 16) || !Tokens.token(f.get(5), 256)) {
                throw new SdpException(no, "o= network fields are malformed");
            }
            origin = new Origin(f.get(0), f.get(1), version, f.get(3), f.get(4), f.get(5));
        }

        private static boolean digits(String s, int max) {
            if (s.isEmpty() || s.length() > max) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private void media(int no, String value) throws SdpException {
            if (origin == null) {
                throw new SdpException(no, "m= before the o= line");
            }
            if (sections.size() == MAX_SECTIONS) {
                throw new SdpException(no, "more than " + MAX_SECTIONS + " m-sections");
            }
            List<String> f = Tokens.split(value, 3 + MAX_FORMATS);
            if (f == null) {
                throw new SdpException(no, "m= line has more than " + MAX_FORMATS + " formats");
            }
            if (f.size() < 4) {
                throw new SdpException(no, "m= needs media, port, proto and at least one format");
            }
            String mediaName = f.get(0);
            if (!Tokens.token(mediaName, 32)) {
                throw new SdpException(no, "m= media " + SdpException.excerpt(mediaName) + " is not a token");
            }
            String portField = f.get(1);
            int slash = portField.indexOf('/');
            int port = Tokens.port(slash < 0 ? portField : portField.substring(0, slash));
            if (port < 0 || slash >= 0 && Tokens.number(portField.substring(slash + 1), 5, 65535) < 1) {
                throw new SdpException(no, "m= port " + SdpException.excerpt(portField) + " is not 0-65535");
            }
            String proto = f.get(2);
            if (!Tokens.token(proto, 64)) {
                throw new SdpException(no, "m= proto " + SdpException.excerpt(proto) + " is not a token");
            }
            boolean rtp = MediaDescription.isRtpProto(proto);
            List<String> formats = new ArrayList<>(f.size() - 3);
            for (String fmt : f.subList(3, f.size())) {
                long pt = rtp ? Tokens.number(fmt, 3, 127) : 0;
                if (pt < 0 || !Tokens.token(fmt, 64)) {
                    throw new SdpException(no, "m= format " + SdpException.excerpt(fmt) + (rtp ? " is not a payload type 0-127" : " is not a token"));
                }
                String canonical = rtp ? Long.toString(pt) : fmt; // "096" is 96
                if (formats.contains(canonical)) {
                    throw new SdpException(no, "m= lists format " + SdpException.excerpt(fmt) + " twice");
                }
                formats.add(canonical);
            }
            current = new Section(no, MediaKind.of(mediaName), mediaName, port, proto, List.copyOf(formats));
            sections.add(current);
        }

        private void attribute(int no, String value) throws SdpException {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1);
            if (current == null) {
                if (++sessionAttributes > MAX_SESSION_ATTRIBUTES) {
                    throw new SdpException(no, "more than " + MAX_SESSION_ATTRIBUTES + " session-level attributes");
                }
                sessionAttribute(no, name, arg);
            } else {
                if (++current.attributeCount > MAX_ATTRIBUTES) {
                    throw new SdpException(no, "more than " + MAX_ATTRIBUTES + " attributes in one m-section");
                }
                current.attribute(no, name, arg);
            }
        }

        private void sessionAttribute(int no, String name, String arg) throws SdpException {
            switch (name) {
                case "group" -> {
                    if (groups.size() == MAX_GROUPS) {
                        throw new SdpException(no, "more than " + MAX_GROUPS + " a=group lines");
                    }
                    List<String> f = Tokens.split(arg, 1 + MAX_SECTIONS);
                    if (f == null || f.isEmpty() || !Tokens.token(f.get(0), 32)) {
                        throw new SdpException(no, "a=group needs semantics and at most " + MAX_SECTIONS + " mids");
                    }
                    for (String mid : f.subList(1, f.size())) {
                        checkMid(no, mid);
                    }
                    groups.add(new Group(f.get(0), f.subList(1, f.size())));
                    groupLines.add(no);
                }
                case "ice-lite" -> iceLite = true;
                case "ice-ufrag" -> iceUfrag = ufrag(no, arg, iceUfrag);
                case "ice-pwd" -> icePwd = pwd(no, arg, icePwd);
                case "fingerprint" -> fingerprint = fingerprint(no, arg, fingerprint);
                case "setup" -> setup = setup(no, arg, setup);
                default -> {
                    if (attributes.size() < MAX_KEPT) {
                        attributes.add(new Attribute(name, arg));
                    }
                }
            }
        }

        private SessionDescription build() throws SdpException {
            List<MediaDescription> media = new ArrayList<>(sections.size());
            Set<String> mids = new HashSet<>();
            for (Section s : sections) {
                if (s.mid != null && !mids.add(s.mid)) {
                    throw new SdpException(s.line, "mid " + SdpException.excerpt(s.mid) + " used by two m-sections");
                }
                media.add(s.build(this));
            }
            for (int i = 0; i < groups.size(); i++) {
                for (String mid : groups.get(i).mids()) {
                    if (!mids.contains(mid)) {
                        throw new SdpException(groupLines.get(i), "a=group names mid " + SdpException.excerpt(mid) + " that no m-section has");
                    }
                }
            }
            return new SessionDescription(origin, sessionName, groups, iceLite, iceUfrag, icePwd, fingerprint, setup,
                    attributes, media);
        }
    }

    /** One m-section while it is read. */
    private static final class Section {
        final int line;
        final MediaKind kind;
        final String media;
        final int port;
        final String proto;
        final List<String> formats;
        int attributeCount;
        String mid;
        Direction direction;
        String iceUfrag;
        String icePwd;
        String fingerprint;
        Setup setup;
        boolean rtcpMux;
        boolean rtcpRsize;
        String msid;
        boolean endOfCandidates;
        final Map<Integer, String[]> rtpmaps = new HashMap<>();
        final Map<Integer, Map<String, String>> fmtps = new HashMap<>();
        final Map<Integer, List<String>> feedback = new HashMap<>();
        final List<String> wildcardFeedback = new ArrayList<>();
        final List<Extmap> extmaps = new ArrayList<>();
        final Map<Long, String[]> ssrcs = new LinkedHashMap<>();
        final List<SsrcGroup> ssrcGroups = new ArrayList<>();
        final List<Candidate> candidates = new ArrayList<>();
        final List<Attribute> kept = new ArrayList<>();

        Section(int line, MediaKind kind, String media, int port, String proto, List<String> formats) {
            this.line = line;
            this.kind = kind;
            this.media = media;
            this.port = port;
            this.proto = proto;
            this.formats = formats;
        }

        void attribute(int no, String name, String arg) throws SdpException {
            switch (name) {
                case "mid" -> {
                    if (mid != null) {
                        throw new SdpException(no, "a second a=mid in one m-section");
                    }
                    checkMid(no, arg);
                    mid = arg;
                }
                case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                    if (direction != null) {
                        throw new SdpException(no, "a second direction attribute in one m-section");
                    }
                    direction = Direction.of(name);
                }
                case "ice-ufrag" -> iceUfrag = ufrag(no, arg, iceUfrag);
                case "ice-pwd" -> icePwd = pwd(no, arg, icePwd);
                case "fingerprint" -> fingerprint = fingerprint(no, arg, fingerprint);
                case "setup" -> setup = setup(no, arg, setup);
                case "rtcp-mux" -> rtcpMux = true;
                case "rtcp-rsize" -> rtcpRsize = true;
                case "msid" -> msid(no, arg);
                case "rtpmap" -> rtpmap(no, arg);
                case "fmtp" -> fmtp(no, arg);
                case "rtcp-fb" -> rtcpFb(no, arg);
                case "extmap" -> extmap(no, arg);
                case "ssrc" -> ssrc(no, arg);
                case "ssrc-group" -> ssrcGroup(no, arg);
                case "candidate" -> {
                    if (candidates.size() == MAX_CANDIDATES) {
                        throw new SdpException(no, "more than " + MAX_CANDIDATES + " candidates in one m-section");
                    }
                    candidates.add(Candidate.parseValue(arg, no));
                }
                case "end-of-candidates" -> endOfCandidates = true;
                default -> {
                    if (kept.size() < MAX_KEPT) {
                        kept.add(new Attribute(name, arg));
                    }
                }
            }
        }

        private void msid(int no, String arg) throws SdpException {
            List<String> f = Tokens.split(arg, 2);
            if (f == null || f.isEmpty() || !Tokens.token(f.get(0), 256) || f.size() == 2 && !Tokens.token(f.get(1), 256)) {
                throw new SdpException(no, "a=msid needs a stream id and at most a track id");
            }
            if (msid != null) {
                throw new SdpException(no, "a second a=msid in one m-section");
            }
            msid = String.join(" ", f);
        }

        private int payloadType(int no, String field, String what) throws SdpException {
            int pt = (int) Tokens.number(field, 3, 127);
            if (pt < 0) {
                throw new SdpException(no, what + " payload type " + SdpException.excerpt(field) + " is not 0-127");
            }
            return pt;
        }

        private void rtpmap(int no, String arg) throws SdpException {
            int sp = arg.indexOf(' ');
            if (sp < 0) {
                throw new SdpException(no, "a=rtpmap needs <payload type> <name>/<clock rate>");
            }
            int pt = payloadType(no, arg.substring(0, sp), "a=rtpmap");
            String[] enc = arg.substring(sp + 1).strip().split("/", 4);
            if (enc.length < 2 || enc.length > 3 || !Tokens.token(enc[0], 64) || enc[0].indexOf('/') >= 0
                    || Tokens.number(enc[1], 9, 1_000_000_000) < 1
                    || enc.length == 3 && Tokens.number(enc[2], 3, 255) < 1) {
                throw new SdpException(no, "a=rtpmap " + SdpException.excerpt(arg) + " is not <pt> <name>/<clock rate>[/<channels>]");
            }
            if (rtpmaps.put(pt, enc) != null) {
                throw new SdpException(no, "a second a=rtpmap for payload type " + pt);
            }
        }

        private void fmtp(int no, String arg) throws SdpException {
            int sp = arg.indexOf(' ');
            if (sp < 0) {
                throw new SdpException(no, "a=fmtp needs <payload type> <parameters>");
            }
            int pt = payloadType(no, arg.substring(0, sp), "a=fmtp");
            Map<String, String> params = new LinkedHashMap<>();
            for (String p : arg.substring(sp + 1).split(";", -1)) { // at most MAX_LINE pieces
                String t = p.strip();
                if (t.isEmpty()) {
                    continue; // a trailing ';' (some encoders write one)
                }
                if (params.size() == MAX_FMTP_PARAMS) {
                    throw new SdpException(no, "a=fmtp has more than " + MAX_FMTP_PARAMS + " parameters");
                }
                int eq = t.indexOf('=');
                String key = (eq < 0 ? t : t.substring(0, eq)).strip();
                String val = eq < 0 ? "" : t.substring(eq + 1).strip();
                if (key.isEmpty() || !Tokens.token(key, 256) || !val.isEmpty() && !Tokens.token(val, MAX_LINE)) {
                    throw new SdpException(no, "a=fmtp parameter " + SdpException.excerpt(t) + " is malformed");
                }
                if (params.put(key, val) != null) {
                    throw new SdpException(no, "a=fmtp repeats parameter " + SdpException.excerpt(key));
                }
            }
            if (fmtps.put(pt, params) != null) {
                throw new SdpException(no, "a second a=fmtp for payload type " + pt);
            }
        }

        private void rtcpFb(int no, String arg) throws SdpException {
            int sp = arg.indexOf(' ');
            String value = sp < 0 ? "" : String.join(" ", nonNull(no, Tokens.split(arg.substring(sp + 1), 4)));
            if (sp < 0 || value.isEmpty() || !Tokens.token(value.replace(' ', '_'), 128)) {
                throw new SdpException(no, "a=rtcp-fb needs <payload type or *> <feedback>");
            }
            List<String> list;
            if (arg.startsWith("* ")) {
                list = wildcardFeedback;
            } else {
                list = feedback.computeIfAbsent(payloadType(no, arg.substring(0, sp), "a=rtcp-fb"), k -> new ArrayList<>());
            }
            if (list.size() == MAX_RTCP_FB) {
                throw new SdpException(no, "more than " + MAX_RTCP_FB + " a=rtcp-fb for one payload type");
            }
            if (!list.contains(value)) {
                list.add(value);
            }
        }

        private static List<String> nonNull(int no, List<String> fields) throws SdpException {
            if (fields == null) {
                throw new SdpException(no, "a=rtcp-fb value has too many fields");
            }
            return fields;
        }

        private void extmap(int no, String arg) throws SdpException {
            if (extmaps.size() == MAX_EXTMAPS) {
                throw new SdpException(no, "more than " + MAX_EXTMAPS + " a=extmap in one m-section");
            }
            List<String> f = Tokens.split(arg, 2 + 64);
            if (f == null) {
                throw new SdpException(no, "a=extmap has too many fields");
            }
            if (f.size() < 2) {
                throw new SdpException(no, "a=extmap needs <id>[/<direction>] <uri>");
            }
            String idField = f.get(0);
            int slash = idField.indexOf('/');
            Direction dir = null;
            if (slash >= 0) {
                dir = Direction.of(idField.substring(slash + 1));
                if (dir == null) {
                    throw new SdpException(no, "a=extmap direction " + SdpException.excerpt(idField) + " is not sendrecv, sendonly, recvonly or inactive");
                }
                idField = idField.substring(0, slash);
            }
            int id = (int) Tokens.number(idField, 4, 4351);
            if (id < 1 || id > 255 && id < 4096) {
                throw new SdpException(no, "a=extmap id " + SdpException.excerpt(idField) + " is not 1-255 (RFC 8285)");
            }
            for (Extmap e : extmaps) {
                if (e.id() == id) {
                    throw new SdpException(no, "a=extmap id " + id + " used twice");
                }
            }
            if (!Tokens.token(f.get(1), 1024)) {
                throw new SdpException(no, "a=extmap uri is not a token");
            }
            String attrs = f.size() > 2 ? String.join(" ", f.subList(2, f.size())) : "";
            extmaps.add(new Extmap(id, dir, f.get(1), attrs));
        }

        private long ssrcNumber(int no, String field, String what) throws SdpException {
            long v = Tokens.number(field, 10, 0xFFFFFFFFL);
            if (v < 0) {
                throw new SdpException(no, what + " SSRC " + SdpException.excerpt(field) + " is not a 32-bit number");
            }
            return v;
        }

        private void ssrc(int no, String arg) throws SdpException {
            int sp = arg.indexOf(' ');
            if (sp < 0 || sp == arg.length() - 1) {
                throw new SdpException(no, "a=ssrc needs <ssrc> <attribute>[:<value>]");
            }
            long ssrc = ssrcNumber(no, arg.substring(0, sp), "a=ssrc");
            String rest = arg.substring(sp + 1);
            int colon = rest.indexOf(':');
            String attr = colon < 0 ? rest : rest.substring(0, colon);
            String val = colon < 0 ? "" : rest.substring(colon + 1);
            if (attr.equals("cname")) {
                if (!Tokens.token(val, 256)) {
                    throw new SdpException(no, "a=ssrc cname " + SdpException.excerpt(val) + " is not a token");
                }
                entry(no, ssrc)[0] = val;
            } else if (attr.equals("msid")) {
                List<String> f = Tokens.split(val, 2);
                if (f == null || f.isEmpty() || !Tokens.token(f.get(0), 256) || f.size() == 2 && !Tokens.token(f.get(1), 256)) {
                    throw new SdpException(no, "a=ssrc msid needs a stream id and at most a track id");
                }
                entry(no, ssrc)[1] = String.join(" ", f);
            }
            // mslabel, label (Plan B leftovers) and the rest: not used, and an SSRC only they name is not listed
        }

        private String[] entry(int no, long ssrc) throws SdpException {
            String[] entry = ssrcs.get(ssrc);
            if (entry == null) {
                if (ssrcs.size() == MAX_SSRCS) {
                    throw new SdpException(no, "more than " + MAX_SSRCS + " SSRCs in one m-section");
                }
                entry = new String[2];
                ssrcs.put(ssrc, entry);
            }
            return entry;
        }

        private void ssrcGroup(int no, String arg) throws SdpException {
            if (ssrcGroups.size() == MAX_SSRC_GROUPS) {
                throw new SdpException(no, "more than " + MAX_SSRC_GROUPS + " a=ssrc-group in one m-section");
            }
            List<String> f = Tokens.split(arg, 1 + MAX_SSRCS);
            if (f == null || f.size() < 2 || !Tokens.token(f.get(0), 32)) {
                throw new SdpException(no, "a=ssrc-group needs semantics and 1-" + MAX_SSRCS + " SSRCs");
            }
            List<Long> list = new ArrayList<>(f.size() - 1);
            for (String s : f.subList(1, f.size())) {
                list.add(ssrcNumber(no, s, "a=ssrc-group"));
            }
            ssrcGroups.add(new SsrcGroup(f.get(0), list));
        }

        MediaDescription build(Reader session) {
            List<Codec> codecs = new ArrayList<>();
            if (MediaDescription.isRtpProto(proto)) {
                for (String fmt : formats) {
                    int pt = Integer.parseInt(fmt);
                    String[] enc = rtpmaps.get(pt);
                    Codec base = enc != null
                            ? Codec.of(pt, enc[0], Integer.parseInt(enc[1]), enc.length == 3 ? Integer.parseInt(enc[2]) : 1)
                            : StaticPayloadTypes.codec(pt);
                    if (base == null) {
                        continue; // a dynamic payload type without rtpmap: nothing to negotiate with
                    }
                    List<String> fb = new ArrayList<>(wildcardFeedback);
                    for (String v : feedback.getOrDefault(pt, List.of())) {
                        if (!fb.contains(v) && fb.size() < MAX_RTCP_FB) { // the bound holds for the merged list too
                            fb.add(v);
                        }
                    }
                    codecs.add(new Codec(pt, base.name(), base.clockRate(), base.channels(),
                            fmtps.getOrDefault(pt, Map.of()), fb));
                }
            }
            List<Ssrc> ssrcList = new ArrayList<>(ssrcs.size());
            ssrcs.forEach((k, v) -> ssrcList.add(new Ssrc(k, v[0], v[1])));
            return new MediaDescription(kind, media, port, proto, formats, mid,
                    direction == null ? Direction.SENDRECV : direction,
                    iceUfrag != null ? iceUfrag : session.iceUfrag, icePwd != null ? icePwd : session.icePwd,
                    fingerprint != null ? fingerprint : session.fingerprint, setup != null ? setup : session.setup,
                    rtcpMux, rtcpRsize, msid, codecs, extmaps, ssrcList, ssrcGroups, candidates, endOfCandidates, kept);
        }
    }

    private static void checkMid(int no, String mid) throws SdpException {
        if (!Tokens.token(mid, 64)) {
            throw new SdpException(no, "mid " + SdpException.excerpt(mid) + " is not a token of 1-64 characters");
        }
    }

    private static String ufrag(int no, String arg, String previous) throws SdpException {
        if (!Tokens.iceChars(arg, 4, 256)) {
            throw new SdpException(no, "a=ice-ufrag is not 4-256 ice-chars (RFC 8839 §5.4)");
        }
        if (previous != null && !previous.equals(arg)) {
            throw new SdpException(no, "a second, different a=ice-ufrag at the same level");
        }
        return arg;
    }

    private static String pwd(int no, String arg, String previous) throws SdpException {
        if (!Tokens.iceChars(arg, 22, 256)) {
            throw new SdpException(no, "a=ice-pwd is not 22-256 ice-chars (RFC 8839 §5.4)");
        }
        if (previous != null && !previous.equals(arg)) {
            throw new SdpException(no, "a second, different a=ice-pwd at the same level");
        }
        return arg;
    }

    /**
     * {@code <hash-func> <hex>:<hex>...} (RFC 8122 §5). When a peer lists several, the first SHA-256 one is
     * kept: that is the hash camgate's DTLS checks, and every WebRTC peer sends one.
     */
    private static String fingerprint(int no, String arg, String previous) throws SdpException {
        int sp = arg.indexOf(' ');
        String hash = sp < 0 ? "" : arg.substring(0, sp);
        String hex = sp < 0 ? "" : arg.substring(sp + 1);
        if (!Tokens.token(hash, 16) || !fingerprintHex(hex)) {
            throw new SdpException(no, "a=fingerprint is not <hash function> <hex pairs joined by ':'>");
        }
        if (previous != null && (previous.regionMatches(true, 0, "sha-256 ", 0, 8) || !hash.equalsIgnoreCase("sha-256"))) {
            return previous;
        }
        return arg;
    }

    private static boolean fingerprintHex(String hex) {
        int n = hex.length();
        if (n < 2 || n > 64 * 3 - 1 || n % 3 != 2) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = hex.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 0x80;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Setup setup(int no, String arg, Setup previous) throws SdpException {
        Setup s = Setup.of(arg);
        if (s == null) {
            throw new SdpException(no, "a=setup " + SdpException.excerpt(arg) + " is not actpass, active, passive or holdconn");
        }
        if (previous != null && previous != s) {
            throw new SdpException(no, "a second, different a=setup at the same level");
        }
        return s;
    }
}
