package org.distillguard.review;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.distillguard.config.ReviewConfig;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * Not a test: writes the small reviewed warehouse that {@code .ci/browser-test.sh} serves, when asked with
 * {@code -Dgroups=fixture -Ddistillguard.browser.warehouse=DIR}. Tagged so the normal test run leaves it out
 * instead of reporting it skipped.
 */
@org.junit.jupiter.api.Tag("fixture")
class ReviewBrowserFixtureTest {

    @Test
    void writeTheBrowserTestWarehouse() throws Exception {
        String target = System.getProperty("distillguard.browser.warehouse");
        assumeThat(target).as("-Ddistillguard.browser.warehouse").isNotBlank();
        Path root = Files.createDirectories(Path.of(target));
        Path warehouse = ReviewFixture.build(SparkTestSession.get(), root);
        ReviewJob.runLatest(SparkTestSession.get(), ReviewFixture.warehouse(warehouse), ReviewConfig.defaults());
    }
}
