package org.distillguard.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.nightly.Warehouse;
import org.distillguard.review.ReviewJob;
import org.distillguard.review.ReviewServer;
import org.distillguard.publish.Directories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "review", mixinStandardHelpOptions = true,
        description = {
            "Serves the newest published report and review queue on 127.0.0.1, where analysts record verdicts",
            "(distill, benign, unsure) into WAREHOUSE/labels/ (see label). Prints a URL with a one-session token",
            "once; every request needs it. Builds the review first when the newest date has none. Stops on Ctrl-C."})
final class ReviewCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder (a path or any Hadoop URI).")
    String warehouse;

    @Option(names = "--port", paramLabel = "P", description = "Port (default: review.port, 0 = a free port).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Listen on this address. Anything but loopback is refused unless given here, and then warned about.")
    String bind;

    @Option(names = "--analyst", paramLabel = "NAME", description = "Name recorded with each verdict (default: the OS user).")
    String analyst;

    @Override
    public Integer call() throws InterruptedException {
        DistillGuardConfig config = common.config();
        Configuration hadoop = Sessions.hadoop("distillguard-review", config);
        String root = Directories.qualified(hadoop, warehouse);
        Warehouse store = new Warehouse(root, hadoop);
        java.util.List<java.time.LocalDate> dates = store.publishedDates();
        if (!dates.isEmpty() && !ReviewJob.hasReport(store, dates.get(dates.size() - 1))) {
            SparkSession spark = Sessions.start("distillguard-review", config);
            try {
                ReviewJob.ReviewResult result = ReviewJob.run(spark,
                        new Warehouse(root, spark.sparkContext().hadoopConfiguration()), dates.get(dates.size() - 1),
                        config.review());
                System.out.println("Built the review of " + result.date() + ": " + result.queued() + " accounts queued.");
            } finally {
                spark.stop();
            }
        }
        ReviewServer server = ReviewServer.start(new ReviewServer.Options(root, hadoop,
                bind != null ? bind : config.review().bind(), bind != null, port != null ? port : config.review().port(),
                Analysts.name(analyst), config.review().maxNoteChars()), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "review-shutdown"));
        System.out.println("Serving the review of " + warehouse + ". Open this URL (it carries this session's token):");
        System.out.println("    " + server.url());
        System.out.flush();
        stopped.await();
        return Main.EXIT_OK;
    }
}
