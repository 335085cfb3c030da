package dev.camgate.media.stun;

/**
 * What was wrong with bytes that claimed to be a STUN message. The constants exist so the packet path can reject
 * junk without building an exception; {@link StunException} carries one when a caller wants it thrown.
 */
public enum StunProblem {
    TOO_SHORT("shorter than the 20-byte STUN header"),
    NOT_STUN("the first two bits are not 0"),
    BAD_COOKIE("no magic cookie 0x2112A442"),
    LENGTH_MISMATCH("the length field does not match the datagram's length"),
    UNALIGNED_LENGTH("the length field is not a multiple of 4"),
    ATTRIBUTE_TRUNCATED("an attribute runs past the end of the message"),
    FINGERPRINT_NOT_LAST("an attribute follows FINGERPRINT"),
    BAD_FINGERPRINT_LENGTH("FINGERPRINT is not 4 bytes"),
    BAD_INTEGRITY_LENGTH("MESSAGE-INTEGRITY is not 20 bytes"),
    USERNAME_TOO_LONG("USERNAME is 509 bytes or longer"),
    BAD_PRIORITY_LENGTH("PRIORITY is not 4 bytes"),
    BAD_USE_CANDIDATE_LENGTH("USE-CANDIDATE is not empty"),
    BAD_ROLE_LENGTH("ICE-CONTROLLING or ICE-CONTROLLED is not 8 bytes"),
    BAD_ADDRESS("an address attribute has an unknown family or the wrong length for its family"),
    BAD_ERROR_CODE("ERROR-CODE is shorter than 4 bytes, longer than 767, or not a code 300-699");

    private final String text;

    StunProblem(String text) {
        this.text = text;
    }

    /** A sentence for a log line or an exception message. */
    public String text() {
        return text;
    }
}
