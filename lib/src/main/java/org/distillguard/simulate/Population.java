package org.distillguard.simulate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Builds the accounts of one simulation: how many of each kind, and the infrastructure they share. Shared
 * infrastructure is deliberate on both sides: hydra members share a few prefixes and cards, but so do thousands of
 * ordinary users behind carrier NAT, the tenants of a cloud region and the students behind a university proxy.
 */
final class Population {

    private final List<Account> accounts;
    private final List<HydraCluster> clusters;

    private Population(List<Account> accounts, List<HydraCluster> clusters) {
        this.accounts = List.copyOf(accounts);
        this.clusters = List.copyOf(clusters);
    }

    List<Account> accounts() {
        return accounts;
    }

    List<HydraCluster> clusters() {
        return clusters;
    }

    static Population build(SimulationSpec spec, Corpora corpora) {
        return new Builder(spec, corpora).build();
    }

    /** Splits {@code total} by weight: one of each first when there is room, then largest remainder, ties in order. */
    static int[] allocate(int total, double[] weights) {
        int[] counts = new int[weights.length];
        int remaining = total;
        if (total >= weights.length) {
            Arrays.fill(counts, 1);
            remaining -= weights.length;
        }
        double sum = Arrays.stream(weights).sum();
        double[] remainders = new double[weights.length];
        int assigned = 0;
        for (int index = 0; index < weights.length; index++) {
            double exact = remaining * weights[index] / sum;
            counts[index] += (int) Math.floor(exact);
            assigned += (int) Math.floor(exact);
            remainders[index] = exact - Math.floor(exact);
        }
        for (int left = remaining - assigned; left > 0; left--) {
            int best = 0;
            for (int index = 1; index < weights.length; index++) {
                if (remainders[index] > remainders[best]) {
                    best = index;
                }
            }
            counts[best]++;
            remainders[best] = -1;
        }
        return counts;
    }

    private static final class Builder {
        private final SimulationSpec spec;
        private final Corpora corpora;
        private final RandomGenerator random;
        private final Instant start;
        private final List<String> natPrefixes = new ArrayList<>();
        private final List<String> cloudPrefixes = new ArrayList<>();
        private final List<String> universityPrefixes = new ArrayList<>();
        private final double medianClientRate;

        Builder(SimulationSpec spec, Corpora corpora) {
            this.spec = spec;
            this.corpora = corpora;
            this.random = new Well19937c(Seeds.mix(spec.seed(), 1));
            this.start = spec.start().atStartOfDay().toInstant(ZoneOffset.UTC);
            this.medianClientRate = Corpora.median(corpora.clients().stream().mapToDouble(Corpora.ClientProfile::meanRateRps).toArray());
        }

        Population build() {
            int attackers = (int) Math.round(spec.accounts() * spec.attackShare());
            int benign = spec.accounts() - attackers;
            for (int index = 0; index < Math.max(4, benign / 400); index++) {
                natPrefixes.add(randomPrefix());
            }
            for (int index = 0; index < Math.max(6, benign / 150); index++) {
                cloudPrefixes.add(randomPrefix());
            }
            for (int index = 0; index < Math.max(2, benign / 300); index++) {
                universityPrefixes.add(randomPrefix());
            }

            List<Kind> kinds = new ArrayList<>();
            int[] benignCounts = allocate(benign, spec.isHard() ? SimulationDefaults.HARD_BENIGN_WEIGHTS : SimulationDefaults.BENIGN_WEIGHTS);
            for (int index = 0; index < benignCounts.length; index++) {
                kinds.addAll(java.util.Collections.nCopies(benignCounts[index], SimulationDefaults.BENIGN_KINDS[index]));
            }
            int hydraBudget = attackers >= SimulationDefaults.HYDRA_MIN_MEMBERS + SimulationDefaults.LONE_ATTACK_KINDS.length
                    ? Math.max(SimulationDefaults.HYDRA_MIN_MEMBERS, (int) Math.round(attackers * SimulationDefaults.HYDRA_SHARE_OF_ATTACKERS))
                    : 0;
            int[] loneCounts = allocate(attackers - hydraBudget, SimulationDefaults.LONE_ATTACK_WEIGHTS);
            for (int index = 0; index < loneCounts.length; index++) {
                kinds.addAll(java.util.Collections.nCopies(loneCounts[index], SimulationDefaults.LONE_ATTACK_KINDS[index]));
            }

            List<Account> built = new ArrayList<>();
            List<String> familyFingerprint = new ArrayList<>();
            int familyLeft = 0;
            for (Kind kind : kinds) {
                String fingerprint = "pmf_" + hex(10);
                boolean business = kind.label() == Label.BENIGN && kind != Kind.HOBBY_USER;
                if (business && familyLeft > 0) {
                    fingerprint = familyFingerprint.get(0);
                    familyLeft--;
                } else if (business && random.nextDouble() < SimulationDefaults.CORPORATE_FAMILY_SHARE) {
                    // A company with several accounts (teams, environments) paid by one card: a benign shared fingerprint.
                    familyFingerprint.clear();
                    familyFingerprint.add(fingerprint);
                    familyLeft = 1 + random.nextInt(4);
                }
                built.add(lone(kind, fingerprint));
            }
            List<HydraCluster> clusters = new ArrayList<>();
            int remaining = hydraBudget;
            while (remaining >= SimulationDefaults.HYDRA_MIN_MEMBERS) {
                int size = Math.min(SimulationDefaults.HYDRA_MAX_MEMBERS, remaining);
                if (remaining > SimulationDefaults.HYDRA_MAX_MEMBERS) {
                    size = SimulationDefaults.HYDRA_MIN_MEMBERS + random.nextInt(SimulationDefaults.HYDRA_MAX_MEMBERS - SimulationDefaults.HYDRA_MIN_MEMBERS + 1);
                    size = Math.min(size, remaining - SimulationDefaults.HYDRA_MIN_MEMBERS);
                }
                HydraCluster cluster = cluster(clusters.size(), size);
                clusters.add(cluster);
                for (int member = 0; member < size; member++) {
                    built.add(member(cluster, member));
                }
                remaining -= size;
            }

            // Ids are random, so sorting by id mixes kinds; the index then follows that order.
            built.sort(Comparator.comparing(Account::id));
            List<Account> indexed = new ArrayList<>(built.size());
            for (int index = 0; index < built.size(); index++) {
                Account account = built.get(index);
                indexed.add(new Account(index, account.id(), account.kind(), account.seed(), account.createdAt(), account.paymentFingerprint(),
                        account.country(), account.ipAddresses(), account.userAgents(), account.apiKeyIds(), account.cluster(),
                        account.memberIndex(), account.volume(), account.burstCv(), account.weibullArrivals(), account.arrivalShape(),
                        account.utcOffsetHours(), account.attackMix()));
            }
            return new Population(indexed, clusters);
        }

        private Account lone(Kind kind, String fingerprint) {
            PromptMaterial.Country country = country();
            Corpora.ClientProfile client = corpora.clients().get(random.nextInt(corpora.clients().size()));
            double volume = clamp(Math.sqrt(client.meanRateRps() / medianClientRate), SimulationDefaults.VOLUME_MIN, SimulationDefaults.VOLUME_MAX)
                    * new LogNormalDistribution(random, 0, SimulationDefaults.VOLUME_NOISE_SIGMA).sample();
            List<String> addresses = new ArrayList<>();
            List<String> agents = new ArrayList<>();
            int keys = 1;
            long ageDays;
            switch (kind) {
                case HOBBY_USER -> {
                    double where = random.nextDouble();
                    if (where < 0.65) {
                        // Carrier-grade NAT: thousands of subscribers share a handful of addresses.
                        addresses.add(pick(natPrefixes) + "." + (1 + random.nextInt(8)));
                    } else if (where < 0.75) {
                        addresses.add(pick(universityPrefixes) + "." + (1 + random.nextInt(4)));
                    } else {
                        addresses.add(randomPrefix() + "." + (1 + random.nextInt(254)));
                    }
                    agents.add(pick(PromptMaterial.HOBBY_USER_AGENTS));
                    ageDays = 5 + random.nextInt(1200);
                }
                case CODING_ASSISTANT -> {
                    String prefix = random.nextDouble() < 0.5 ? pick(natPrefixes) : randomPrefix();
                    for (int count = 3 + random.nextInt(8); count > 0; count--) {
                        addresses.add(prefix + "." + (1 + random.nextInt(254)));
                    }
                    agents.add(pick(PromptMaterial.IDE_USER_AGENTS));
                    keys = 1 + random.nextInt(3);
                    ageDays = 30 + random.nextInt(900);
                }
                case RESEARCH_LAB, EVALUATION_HARNESS -> {
                    boolean university = random.nextDouble() < (kind == Kind.RESEARCH_LAB ? 0.7 : 0.5);
                    String prefix = university ? pick(universityPrefixes) : pick(cloudPrefixes);
                    for (int count = 1 + random.nextInt(3); count > 0; count--) {
                        addresses.add(prefix + "." + (1 + random.nextInt(254)));
                    }
                    agents.add(pick(kind == Kind.RESEARCH_LAB ? PromptMaterial.RESEARCH_USER_AGENTS : PromptMaterial.EVALUATION_USER_AGENTS));
                    keys = 1 + random.nextInt(3);
                    ageDays = 30 + random.nextInt(900);
                }
                case AGENT_FRAMEWORK -> {
                    cloudAddresses(addresses, 1 + random.nextInt(4));
                    agents.add(pick(PromptMaterial.AGENT_USER_AGENTS));
                    keys = 1 + random.nextInt(4);
                    ageDays = 20 + random.nextInt(600);
                }
                case LOW_AND_SLOW -> {
                    // An aged, ordinary-looking account: home connection, the official SDK.
                    addresses.add(pick(natPrefixes) + "." + (1 + random.nextInt(8)));
                    agents.add(pick(PromptMaterial.HOBBY_USER_AGENTS));
                    ageDays = 200 + random.nextInt(700);
                }
                case DILUTED_DISTILLER -> {
                    // An ordinary app that also distills: app infrastructure, an established account.
                    cloudAddresses(addresses, 2 + random.nextInt(4));
                    agents.add(pick(PromptMaterial.SERVER_USER_AGENTS));
                    keys = 1 + random.nextInt(3);
                    ageDays = 100 + random.nextInt(700);
                }
                case BULK_DISTILLER, REASONING_HARVESTER, LOGPROB_HARVESTER, CAPABILITY_SWEEPER, RELEASE_CHASER -> {
                    if (random.nextDouble() < 0.5) {
                        cloudAddresses(addresses, 1 + random.nextInt(3));
                    } else {
                        String prefix = randomPrefix();
                        for (int count = 1 + random.nextInt(6); count > 0; count--) {
                            addresses.add(prefix + "." + (1 + random.nextInt(254)));
                        }
                    }
                    agents.add(pick(PromptMaterial.ATTACK_USER_AGENTS));
                    keys = 1 + random.nextInt(3);
                    // Attackers are often new accounts.
                    ageDays = 1 + random.nextInt(60);
                }
                default -> {
                    // Server-side apps in the cloud: chat apps, batch customers, RAG apps.
                    cloudAddresses(addresses, 1 + random.nextInt(kind == Kind.CHAT_APP ? 6 : 3));
                    agents.add(pick(PromptMaterial.SERVER_USER_AGENTS));
                    keys = 1 + random.nextInt(4);
                    ageDays = 30 + random.nextInt(1000);
                }
            }
            if (random.nextDouble() < 0.2) {
                agents.add(pick(PromptMaterial.SERVER_USER_AGENTS));
            }
            List<String> keyIds = new ArrayList<>();
            for (int key = 0; key < keys; key++) {
                keyIds.add("key_" + hex(8));
            }
            Instant created = start.minus(Duration.ofDays(ageDays)).plusSeconds(random.nextInt(86_400));
            double attackMix = kind == Kind.DILUTED_DISTILLER ? 0.05 + 0.45 * random.nextDouble() : 0;
            return new Account(0, "acct_" + hex(10), kind, random.nextLong(), created, fingerprint, country.code(), addresses, agents, keyIds,
                    Optional.empty(), 0, volume,
                    clamp(client.medianCv(), SimulationDefaults.BURST_CV_MIN, SimulationDefaults.BURST_CV_MAX),
                    client.arrivalDistribution().equals("Weibull"),
                    clamp(client.medianShape(), SimulationDefaults.WEIBULL_SHAPE_MIN, SimulationDefaults.WEIBULL_SHAPE_MAX),
                    country.utcOffsetHours(), attackMix);
        }

        private HydraCluster cluster(int number, int size) {
            List<Integer> wrappers = new ArrayList<>();
            wrappers.add(random.nextInt(PromptMaterial.DISTILLER_WRAPPERS.size()));
            if (random.nextBoolean()) {
                wrappers.add((wrappers.get(0) + 1 + random.nextInt(PromptMaterial.DISTILLER_WRAPPERS.size() - 1)) % PromptMaterial.DISTILLER_WRAPPERS.size());
            }
            List<String> prefixes = new ArrayList<>();
            for (int count = 2 + random.nextInt(3); count > 0; count--) {
                prefixes.add(randomPrefix());
            }
            List<String> fingerprints = new ArrayList<>();
            for (int count = 2 + random.nextInt(3); count > 0; count--) {
                fingerprints.add("pmf_" + hex(10));
            }
            List<String> countries = List.of(pick(List.of("US", "SG", "NL", "DE", "JP")), pick(List.of("US", "GB", "CA", "HK")));
            List<String> teacherSources = List.of(Corpora.CODEGEN, Corpora.TOOLFORMER, Corpora.ROLEPLAY);
            double perMember = spec.isHard() ? SimulationDefaults.HARD_HYDRA_REQUESTS_PER_MEMBER_DAY : SimulationDefaults.HYDRA_REQUESTS_PER_MEMBER_DAY;
            Instant createdAround = start.minus(Duration.ofDays(3 + random.nextInt(18))).plusSeconds(random.nextInt(86_400));
            return new HydraCluster(String.format(java.util.Locale.ROOT, "cluster_%03d", number), size, random.nextLong(), wrappers,
                    pick(PromptMaterial.ATTACK_USER_AGENTS), prefixes, fingerprints, countries, pick(teacherSources), perMember,
                    random.nextInt(24), 8 + random.nextInt(17), createdAround);
        }

        private Account member(HydraCluster cluster, int member) {
            String address = cluster.ipPrefixes().get(member % cluster.ipPrefixes().size()) + "." + (1 + random.nextInt(254));
            String country = cluster.countries().get(member % cluster.countries().size());
            int offset = PromptMaterial.COUNTRIES.stream().filter(candidate -> candidate.code().equals(country)).mapToInt(PromptMaterial.Country::utcOffsetHours).findFirst().orElse(0);
            // Sign-ups are scripted: all members within two days of each other.
            Instant created = cluster.createdAround().plusSeconds(random.nextInt(2 * 86_400));
            return new Account(0, "acct_" + hex(10), Kind.HYDRA_MEMBER, random.nextLong(), created,
                    cluster.paymentFingerprints().get(member % cluster.paymentFingerprints().size()), country, List.of(address),
                    List.of(cluster.userAgent()), List.of("key_" + hex(8)), Optional.of(cluster), member, 1.0, 1.0, false, 1.0, offset, 0);
        }

        private void cloudAddresses(List<String> addresses, int count) {
            String prefix = pick(cloudPrefixes);
            for (int index = 0; index < count; index++) {
                addresses.add(prefix + "." + (1 + random.nextInt(254)));
            }
        }

        private PromptMaterial.Country country() {
            double total = PromptMaterial.COUNTRIES.stream().mapToDouble(PromptMaterial.Country::weight).sum();
            double target = random.nextDouble() * total;
            for (PromptMaterial.Country country : PromptMaterial.COUNTRIES) {
                target -= country.weight();
                if (target < 0) {
                    return country;
                }
            }
            return PromptMaterial.COUNTRIES.get(0);
        }

        private String randomPrefix() {
            int first = PromptMaterial.PUBLIC_FIRST_OCTETS[random.nextInt(PromptMaterial.PUBLIC_FIRST_OCTETS.length)];
            return first + "." + random.nextInt(256) + "." + random.nextInt(256);
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private String hex(int digits) {
            return Seeds.hex(new SplittableRandom(random.nextLong()), digits);
        }

        private static double clamp(double value, double min, double max) {
            return Math.max(min, Math.min(max, value));
        }
    }
}
