package io.sweepstream.dashboard;

import java.util.List;

/**
 * Markup and script that a hostile or careless publisher might put into any free-text field of our
 * events. Each payload, if it ever ran, sets {@code window.__xss}; each injected element or attribute
 * carries the class {@code xssi} or the attribute {@code data-xssi}, so a test can look for both.
 * Every payload uses single spaces only, so a browser's visible text equals the payload.
 */
public final class XssPayloads {

    /** Finds any element or attribute a payload would have injected. */
    public static final String INJECTED_SELECTOR = ".xssi, [data-xssi], [onerror], [onload], [onmouseover], [onfocus], "
            + "[ontoggle], iframe, object, embed, a[href^='javascript']";

    public static final List<String> ALL = List.of(
            "<script>window.__xss=1</script>",
            "<img src=x class=xssi onerror=\"window.__xss=2\">",
            "<svg class=xssi onload=\"window.__xss=3\"></svg>",
            "javascript:window.__xss=4",
            "\"><img src=x class=xssi onerror=window.__xss=5>",
            "' onmouseover='window.__xss=6' data-xssi='",
            "\" onfocus=\"window.__xss=7\" autofocus data-xssi=\"",
            "</td></tr></table><img src=x class=xssi onerror=window.__xss=8>",
            "\\u003cimg src=x class=xssi onerror=window.__xss=9\\u003e",
            "${window.__xss=10}",
            "`;window.__xss=11;`",
            "{{constructor.constructor('window.__xss=12')()}}",
            "<iframe class=xssi src=\"javascript:window.__xss=13\"></iframe>",
            "<a class=xssi href=\"javascript:window.__xss=14\">click</a>",
            "<math><mtext><table><mglyph><style><img src=x class=xssi onerror=window.__xss=15>",
            "<details class=xssi open ontoggle=window.__xss=16>",
            "<object class=xssi data=\"javascript:window.__xss=17\"></object>",
            "<input class=xssi autofocus onfocus=window.__xss=18>",
            "&lt;img src=x class=xssi onerror=window.__xss=19&gt;",
            "\uFF1Cscript\uFF1Ewindow.__xss=20\uFF1C/script\uFF1E",
            "<meta class=xssi http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=21\">",
            "</script><script>window.__xss=22</script>",
            "<style>*{background:url('javascript:window.__xss=23')}</style><b class=xssi>",
            "%3Cscript%3Ewindow.__xss=24%3C/script%3E",
            "<!--<img src=\"--><img src=x class=xssi onerror=window.__xss=25>");

    private XssPayloads() {
    }
}
