package org.distillguard.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.distillguard.simulate.Corpora;
import org.distillguard.simulate.PromptDecorator;
import org.distillguard.simulate.SecretPlanting;
import org.distillguard.simulate.SimulationResult;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import org.distillguard.simulate.SimulatorStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {
            "Writes simulated request logs (one JSONL file per day, in the input contract's format) and truth.csv",
            "(account_id,label,kind,cluster_id), built on the real public prompts and traces in ../shared/datasets/dev",
            "(or the bundled sample). Same seed, same bytes."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = {"--preset", "--scenario"}, defaultValue = "demo", paramLabel = "NAME",
            description = "demo, test, bench or hard (default: ${DEFAULT-VALUE}); explicit options override it.")
    String preset;

    @Option(names = "--accounts", paramLabel = "N") Integer accounts;
    @Option(names = "--days", paramLabel = "D") Integer days;
    @Option(names = "--start", paramLabel = "YYYY-MM-DD") LocalDate start;
    @Option(names = "--seed", paramLabel = "S") Long seed;
    @Option(names = "--attack-share", paramLabel = "F", description = "Share of accounts that distill, 0 to 0.9.") Double attackShare;
    @Option(names = "--gzip", negatable = true, description = "Write .jsonl.gz files.") Boolean gzip;
    @Option(names = "--corpora", paramLabel = "DIR", description = "Folder of the real corpora (default: ../shared/datasets/dev, else the bundled sample).") Path corpora;
    @Option(names = "--secret-share", paramLabel = "F", defaultValue = "0",
            description = "Share of prompts with a planted synthetic secret (default: ${DEFAULT-VALUE}).") double secretShare;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.") Path out;
    @Option(names = "--stats", description = "Print per-kind statistics beside figures from the real traces.") boolean stats;
    @Option(names = "--write-corpora-sample", paramLabel = "DIR", description = {
            "Instead of simulating, write the small derived corpora sample that ships in the jar (used when the full",
            "corpora are absent) from the full corpora, to DIR (lib/src/main/resources/distillguard/corpora)."})
    Path corporaSample;

    @Override
    public Integer call() {
        if (corporaSample != null) {
            org.distillguard.simulate.BundledSample.write(Corpora.fromDirectory(
                    Corpora.resolveDirectory(Optional.ofNullable(corpora), System::getenv)), corporaSample);
            System.out.println("wrote the bundled corpora sample to " + corporaSample);
            return Main.EXIT_OK;
        }
        SimulationSpec spec = SimulationSpec.preset(preset);
        if (accounts != null) {
            spec = spec.withAccounts(accounts);
        }
        if (days != null) {
            spec = spec.withDays(days);
        }
        if (start != null) {
            spec = spec.withStart(start);
        }
        if (seed != null) {
            spec = spec.withSeed(seed);
        }
        if (attackShare != null) {
            spec = spec.withAttackShare(attackShare);
        }
        if (gzip != null) {
            spec = spec.withGzip(gzip);
        }
        if (corpora != null) {
            spec = spec.withCorporaDirectory(corpora);
        }
        PromptDecorator decorator = secretShare > 0 ? new SecretPlanting(secretShare) : PromptDecorator.identity();
        long started = System.nanoTime();
        SimulationResult result = Simulator.run(spec, out, decorator);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "simulate %s: %,d records, %d accounts, %d day(s) in %.1f s (%,.0f records/min) -> %s%n",
                spec.scenario(), result.totalRecords(), result.accountsByKind().values().stream().mapToInt(Integer::intValue).sum(),
                spec.days(), seconds, result.totalRecords() / seconds * 60, out);
        for (Map.Entry<?, Integer> entry : result.accountsByKind().entrySet()) {
            System.out.printf(Locale.ROOT, "  %-22s %,d accounts%n", entry.getKey().toString().toLowerCase(Locale.ROOT).replace('_', '-'), entry.getValue());
        }
        if (stats) {
            System.out.println();
            System.out.println(SimulatorStatistics.render(SimulatorStatistics.compute(out),
                    SimulatorStatistics.reference(Corpora.load(spec.corporaDirectory()))));
        }
        return Main.EXIT_OK;
    }
}
