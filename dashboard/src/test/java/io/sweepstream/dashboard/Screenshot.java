package io.sweepstream.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/**
 * Takes a screenshot of a dashboard page in headless Chromium once it has drawn everything, e.g. of
 * a sweep that {@code sweep local} is running:
 *
 * <pre>java -cp ... io.sweepstream.dashboard.Screenshot URL FILE.png [WIDTH] [HEIGHT]</pre>
 */
public final class Screenshot {

    private Screenshot() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path file = Path.of(args[1]);
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 1280;
        int height = args.length > 3 ? Integer.parseInt(args[3]) : 2400;
        try (Browser browser = Browser.start("Screenshot", width, 1000)) {
            browser.driver().get(url);
            browser.await(d -> browser.driver().executeScript(
                    "return document.querySelector('#runs-table, #sweeps-table') !== null && (!location.hash.startsWith('#/sweep/') || (window.__dash && window.__dash.sweepRenderedMs));"),
                    Duration.ofSeconds(30));
            browser.driver().manage().window().setSize(new Dimension(width, height));
            Thread.sleep(1500); // charts follow the new width
            Files.write(file, browser.driver().getScreenshotAs(OutputType.BYTES));
        }
    }
}
