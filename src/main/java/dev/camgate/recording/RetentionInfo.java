package dev.camgate.recording;

/**
 * What the recordings take and what retention has deleted since camgate started.
 *
 * @param budgetDeletedAt wall-clock milliseconds of the last time the size budget (or the free-space floor),
 *                        not the age, was what deleted a recording: 0 if never. The dashboard warns while it is
 *                        recent, since then recordings are kept for less than the configured retention.
 * @param earlyReason     which of the two it was that time: {@code budget} or {@code free_space}; null if never
 */
public record RetentionInfo(long bytes, int segments, long deletedForAge, long deletedForBudget, long deletedForFreeSpace,
                            long budgetDeletedAt, String earlyReason, boolean spaceShort, String spaceShortReason, long budgetBytes) {
}
