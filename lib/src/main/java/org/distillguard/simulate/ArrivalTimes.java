package org.distillguard.simulate;

import java.time.DayOfWeek;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.WeibullDistribution;

/**
 * Places one account-day's requests in time. Inter-arrival gaps follow the account's fitted ServeGen family
 * (Gamma with shape 1/cv², or Weibull), which gives realistic burstiness; the cumulative gaps, normalised to the
 * day, are then mapped through the diurnal intensity so that bursts still follow the clock.
 */
final class ArrivalTimes {

    static final long DAY_MILLIS = 86_400_000L;
    static final long HOUR_MILLIS = 3_600_000L;

    private ArrivalTimes() {
    }

    /** Sorted offsets in milliseconds from midnight UTC, within [0, day). */
    static long[] diurnal(int count, Account account, Diurnal diurnal, DayOfWeek dayOfWeek, SplittableRandom random) {
        double[] fractions = burstyFractions(count, account, random);
        double[] cumulative = new double[25];
        for (int hour = 0; hour < 24; hour++) {
            cumulative[hour + 1] = cumulative[hour] + diurnal.weight(hour + account.utcOffsetHours());
        }
        long[] offsets = new long[count];
        int hour = 0;
        for (int index = 0; index < count; index++) {
            double target = fractions[index] * cumulative[24];
            while (hour < 23 && cumulative[hour + 1] <= target) {
                hour++;
            }
            double within = (target - cumulative[hour]) / (cumulative[hour + 1] - cumulative[hour]);
            offsets[index] = Math.min(DAY_MILLIS - 1, hour * HOUR_MILLIS + (long) (Math.max(0, Math.min(1, within)) * HOUR_MILLIS));
        }
        return offsets;
    }

    /** Sorted offsets within [from, to) milliseconds of the day, bursty but without a diurnal shape. */
    static long[] window(int count, Account account, long from, long to, SplittableRandom random) {
        double[] fractions = burstyFractions(count, account, random);
        long[] offsets = new long[count];
        for (int index = 0; index < count; index++) {
            offsets[index] = Math.min(to - 1, from + (long) (fractions[index] * (to - from)));
        }
        return offsets;
    }

    static double weekdayFactor(Diurnal diurnal, DayOfWeek dayOfWeek) {
        return dayOfWeek == DayOfWeek.SATURDAY || dayOfWeek == DayOfWeek.SUNDAY ? diurnal.weekendFactor() : 1.0;
    }

    /** {@code count} sorted fractions in [0, 1) spaced like a renewal process with the account's gap distribution. */
    private static double[] burstyFractions(int count, Account account, SplittableRandom random) {
        double[] fractions = new double[count];
        if (count == 0) {
            return fractions;
        }
        SplittableRandomGenerator generator = new SplittableRandomGenerator(random.split());
        double total;
        double[] gaps = new double[count + 1];
        if (account.weibullArrivals()) {
            WeibullDistribution weibull = new WeibullDistribution(generator, account.arrivalShape(), 1.0,
                    WeibullDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
            for (int index = 0; index <= count; index++) {
                gaps[index] = weibull.sample();
            }
        } else {
            double shape = 1.0 / (account.burstCv() * account.burstCv());
            GammaDistribution gamma = new GammaDistribution(generator, shape, 1.0 / shape, GammaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
            for (int index = 0; index <= count; index++) {
                gaps[index] = gamma.sample();
            }
        }
        total = 0;
        for (double gap : gaps) {
            total += gap;
        }
        double running = 0;
        for (int index = 0; index < count; index++) {
            running += gaps[index];
            fractions[index] = total > 0 ? running / total : (index + 0.5) / count;
        }
        return fractions;
    }
}
