package io.sweepstream.producer.spec;

import java.util.Objects;

/**
 * One thing wrong with a sweep spec. It prints as one line whatever the spec held: control
 * characters (a key or value with a line break in it) are escaped, and a blank key is quoted.
 *
 * @param path    where, as a dotted path with list indices, e.g. {@code parameters.optimizer.values[2]};
 *                {@code spec} for the document as a whole
 * @param message what was found and what is allowed
 */
public record SpecProblem(String path, String message) {
    public SpecProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        path = path.isBlank() ? "\"" + oneLine(path) + "\"" : oneLine(path);
        message = oneLine(message);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }

    private static String oneLine(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
