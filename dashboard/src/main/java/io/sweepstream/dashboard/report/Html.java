package io.sweepstream.dashboard.report;

/** Text into HTML and SVG: everything that comes from the topics (names, values, ids) goes through {@link #text}. */
final class Html {

    private Html() {
    }

    /** {@code s} as HTML text or a quoted attribute value: {@code & < > " '} escaped; null as empty. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
