package dev.camgate;

/** slf4j-simple reads its settings once, from system properties, before the first logger exists. */
final class Logging {
    private Logging() {
    }

    static void configure(String level) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
        // Netty's own debug output is noise for camgate's users.
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
    }
}
