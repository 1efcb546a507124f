package org.distillguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapAfterGcTest {

    @Test
    void givenDataKeptAcrossACollection_whenTheCollectionIsReported_thenThePeakAfterGcCountsIt() throws Exception {
        byte[][] kept = new byte[64][];
        try (HeapAfterGc heap = new HeapAfterGc(0)) {
            for (int i = 0; i < kept.length; i++) {
                kept[i] = new byte[1 << 20];
                kept[i][i] = (byte) i;
            }
            System.gc();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (heap.collections() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(heap.collections()).isPositive();
            assertThat(heap.peakBytes()).isGreaterThanOrEqualTo(64L << 20);
        }
        assertThat(kept[63][63]).isEqualTo((byte) 63);
    }

    @Test
    void givenNoCollectionWhileListening_whenAsked_thenThePeakIsTheStartingHeap() {
        try (HeapAfterGc heap = new HeapAfterGc(123_456)) {
            assertThat(heap.peakBytes()).isGreaterThanOrEqualTo(123_456);
        }
    }

    @Test
    void givenTheMemoryPoolsAfterACollection_whenSummed_thenOnlyHeapPoolsCount() {
        try (HeapAfterGc heap = new HeapAfterGc(0)) {
            String heapPool = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP).findFirst().orElseThrow().getName();

            long used = heap.heapUsed(Map.of(heapPool, new java.lang.management.MemoryUsage(0, 1_000, 2_000, 4_000),
                    "Metaspace", new java.lang.management.MemoryUsage(0, 50_000, 60_000, -1)));

            assertThat(used).isEqualTo(1_000);
        }
    }

    @Test
    void givenAClusterMaster_whenTheReportIsPrinted_thenItSaysTheHeapIsTheDriversAlone() {
        Measurement nightly = new Measurement("nightly", "", 1_000, 2_000_000, 10.0, 4.0, 900L << 20, 300L << 20);
        BenchmarkReport cluster = new BenchmarkReport(1_000, 2_000_000, List.of(nightly),
                Map.of("cores", "2", "max heap", "1024 MB", "java", "j", "os", "o", "master", "spark://127.0.0.1:7077"), List.of());
        BenchmarkReport local = new BenchmarkReport(1_000, 2_000_000, List.of(nightly),
                Map.of("cores", "2", "max heap", "1024 MB", "java", "j", "os", "o", "master", "local[*]"), List.of());

        assertThat(cluster.markdown()).contains("Spark master spark://127.0.0.1:7077")
                .contains("the driver's alone").contains("| nightly | 100 | 0.2 | 50 | 10.00 | 4.00 | 900 | 300 |  |");
        assertThat(local.markdown()).contains("driver and the executors share it");
    }

    @Test
    void givenThisJvm_whenMachineFactsAreTaken_thenTheyNameItsGarbageCollectorsAndTheReportPrintsThem() {
        String collectors = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).collect(java.util.stream.Collectors.joining(" + "));
        Map<String, String> facts = Benchmark.machineFacts("local[*]");
        Measurement nightly = new Measurement("nightly", "", 1_000, 2_000_000, 10.0, 4.0, 900L << 20, 300L << 20);

        assertThat(collectors).isNotBlank();
        assertThat(facts).containsEntry("collector", collectors);
        assertThat(new BenchmarkReport(1_000, 2_000_000, List.of(nightly), facts, List.of()).markdown())
                .contains("(collector: " + collectors + ")");
        assertThat(new BenchmarkReport(1_000, 2_000_000, List.of(nightly),
                Map.of("cores", "2", "max heap", "1024 MB", "java", "j", "os", "o", "master", "local[*]"), List.of()).markdown())
                .as("a report read back from before the collector was recorded").contains("(collector: not recorded)");
    }
}
