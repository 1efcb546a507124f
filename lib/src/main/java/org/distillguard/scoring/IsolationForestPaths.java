package org.distillguard.scoring;

import java.lang.reflect.Field;
import java.util.Arrays;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;

/**
 * Smile's isolation forest's raw score, {@link IsolationForest#score(double[])}, computed from the fitted trees laid out
 * in flat arrays. Smile (3.1.1) decides each split by a dot product of the row with the node's slope over every
 * feature; a forest grown at extension level 0 (as {@link IsolationForestScorer} grows it) has one non-zero slope
 * component per node, so for a row of finite values that product is exactly that one component's product (the others
 * add exact zeros) and the walk reads one feature per node. The sum over the trees, its mean and the power of two are
 * Smile's, in its order, so the score is the same double. A row with a non-finite value, or a forest with a node of
 * several non-zero components, goes to Smile's own score.
 *
 * <p>The layout reads Smile's fields by reflection, checked when it is built: another Smile version with other fields
 * fails there, by name, rather than scoring differently.
 */
final class IsolationForestPaths {

    private final IsolationForest forest;
    /** Per tree, the index of its root in the node arrays. */
    private final int[] roots;
    /** Per node: the feature it splits on (-1 for a leaf), the slope's component there, the bias, children, depth. */
    private final int[] feature;
    private final double[] weight;
    private final double[] bias;
    private final int[] left;
    private final int[] right;
    private final double[] depth;
    private final double c;
    /** False when some node's slope has several non-zero components: every row then goes to Smile. */
    private final boolean sparse;

    private IsolationForestPaths(IsolationForest forest, int[] roots, Layout layout, double c) {
        this.forest = forest;
        this.roots = roots;
        this.feature = Arrays.copyOf(layout.feature, layout.count);
        this.weight = Arrays.copyOf(layout.weight, layout.count);
        this.bias = Arrays.copyOf(layout.bias, layout.count);
        this.left = Arrays.copyOf(layout.left, layout.count);
        this.right = Arrays.copyOf(layout.right, layout.count);
        this.depth = Arrays.copyOf(layout.depth, layout.count);
        this.c = c;
        this.sparse = layout.sparse;
    }

    /** Lays out the forest's trees; fails naming the field when Smile's classes are not the expected ones. */
    static IsolationForestPaths of(IsolationForest forest) {
        try {
            Layout layout = new Layout();
            IsolationTree[] trees = forest.trees();
            int[] roots = new int[trees.length];
            for (int t = 0; t < trees.length; t++) {
                roots[t] = layout.add(layout.root.get(trees[t]));
            }
            return new IsolationForestPaths(forest, roots, layout, field(IsolationForest.class, "c").getDouble(forest));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot lay out the isolation forest's trees (expected Smile 3.1.1's "
                    + "IsolationTree and IsolationForest fields): " + e, e);
        }
    }

    /** The node arrays as they fill, parents before their children; a tree is only as deep as its depth limit. */
    private static final class Layout {
        final Field root;
        final Field slope;
        final Field nodeBias;
        final Field nodeDepth;
        final Field nodeLeft;
        final Field nodeRight;
        int count;
        int[] feature = new int[256];
        double[] weight = new double[256];
        double[] bias = new double[256];
        int[] left = new int[256];
        int[] right = new int[256];
        double[] depth = new double[256];
        boolean sparse = true;

        Layout() throws ReflectiveOperationException {
            Class<?> nodeClass = Class.forName("smile.anomaly.IsolationTree$Node");
            root = field(IsolationTree.class, "root");
            slope = field(nodeClass, "slope");
            nodeBias = field(nodeClass, "bias");
            nodeDepth = field(nodeClass, "depth");
            nodeLeft = field(nodeClass, "left");
            nodeRight = field(nodeClass, "right");
        }

        /** Adds the node and everything under it; returns its index. */
        int add(Object node) throws IllegalAccessException {
            int slot = count++;
            if (slot == feature.length) {
                int size = slot * 2;
                feature = Arrays.copyOf(feature, size);
                weight = Arrays.copyOf(weight, size);
                bias = Arrays.copyOf(bias, size);
                left = Arrays.copyOf(left, size);
                right = Arrays.copyOf(right, size);
                depth = Arrays.copyOf(depth, size);
            }
            depth[slot] = nodeDepth.getDouble(node);
            Object l = nodeLeft.get(node);
            Object r = nodeRight.get(node);
            if (l == null && r == null) {
                feature[slot] = -1;
                return slot;
            }
            if (l == null || r == null) {
                throw new IllegalStateException("an isolation tree node with one child");
            }
            double[] s = (double[]) slope.get(node);
            int only = -1;
            int nonZero = 0;
            for (int j = 0; j < s.length; j++) {
                if (s[j] != 0.0) {
                    only = j;
                    nonZero++;
                }
            }
            sparse &= nonZero == 1;
            feature[slot] = only;
            weight[slot] = only < 0 ? 0.0 : s[only];
            bias[slot] = nodeBias.getDouble(node);
            int leftSlot = add(l);
            int rightSlot = add(r);
            left[slot] = leftSlot;
            right[slot] = rightSlot;
            return slot;
        }
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** {@link IsolationForest#score(double[])} of the row: the same double. */
    double score(double[] x) {
        if (!sparse || !allFinite(x)) {
            return forest.score(x);
        }
        double sum = 0.0;
        for (int root : roots) {
            int node = root;
            int f;
            while ((f = feature[node]) >= 0) {
                node = x[f] * weight[node] < bias[node] ? left[node] : right[node];
            }
            sum += depth[node];
        }
        sum /= roots.length;
        return Math.pow(2.0, -sum / c);
    }

    private static boolean allFinite(double[] x) {
        for (double value : x) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
