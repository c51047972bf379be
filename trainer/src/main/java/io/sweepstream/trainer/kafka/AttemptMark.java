package io.sweepstream.trainer.kafka;

/**
 * The note a worker leaves in the group's committed offset metadata when it starts a run:
 * {@code run=ID;attempt=N;worker=W}. The next owner of the partition reads it to count attempts.
 */
record AttemptMark(String runId, int attempt, String workerId) {

    String format() {
        return "run=" + runId + ";attempt=" + attempt + ";worker=" + workerId;
    }

    /** Parses a mark, or returns null for anything else (empty metadata, older formats). */
    static AttemptMark parse(String metadata) {
        if (metadata == null || !metadata.startsWith("run=")) {
            return null;
        }
        String run = null;
        String worker = "";
        int attempt = -1;
        for (String part : metadata.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            switch (key) {
                case "run" -> run = value;
                case "worker" -> worker = value;
                case "attempt" -> {
                    try {
                        attempt = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                default -> { }
            }
        }
        return run == null || attempt < 1 ? null : new AttemptMark(run, attempt, worker);
    }
}
