package dev.camgate.recording;

/** What the relay's loop hands a camera's recording thread. */
sealed interface Work {
    /**
     * One whole picture as it came off the feed: its RTP packets one after another, each after its length in
     * two bytes, so that the loop only copies and the recording thread does the depacketizing.
     *
     * @param wallMillis when its first packet arrived, on the wall clock: where the picture sits on the timeline
     */
    record Frame(byte[] packets, int length, long rtpTimestamp, long wallMillis, boolean keyframe) implements Work {
    }

    /**
     * One audio packet's payload (an Opus packet) as it came off the audio feed.
     *
     * @param rtpTimestamp its RTP timestamp at 48 kHz
     * @param wallMillis   when it arrived, on the wall clock: how it is placed against the pictures
     */
    record Audio(byte[] payload, long rtpTimestamp, long wallMillis) implements Work {
    }

    /** The stream broke (the camera dropped, or pictures were lost): the current file ends here, a gap follows. */
    record Break(String why) implements Work {
    }

    /** camgate is stopping, or the camera is no longer recorded: finish the file and end the thread. */
    record Stop() implements Work {
    }
}
