package org.distillguard.scoring;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
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

    private IsolationForestPaths(IsolationForest forest, int[] roots, List<double[]> nodes, double c, boolean sparse) {
        this.forest = forest;
        this.roots = roots;
        int n = nodes.size();
        this.feature = new int[n];
        this.weight = new double[n];
        this.bias = new double[n];
        this.left = new int[n];
        this.right = new int[n];
        this.depth = new double[n];
        for (int i = 0; i < n; i++) {
            double[] node = nodes.get(i);
            feature[i] = (int) node[0];
            weight[i] = node[1];
            bias[i] = node[2];
            left[i] = (int) node[3];
            right[i] = (int) node[4];
            depth[i] = node[5];
        }
        this.c = c;
        this.sparse = sparse;
    }

    /** Lays out the forest's trees; fails naming the field when Smile's classes are not the expected ones. */
    static IsolationForestPaths of(IsolationForest forest) {
        try {
            Class<?> nodeClass = Class.forName("smile.anomaly.IsolationTree$Node");
            Field root = field(IsolationTree.class, "root");
            Field slope = field(nodeClass, "slope");
            Field nodeBias = field(nodeClass, "bias");
            Field nodeDepth = field(nodeClass, "depth");
            Field nodeLeft = field(nodeClass, "left");
            Field nodeRight = field(nodeClass, "right");
            Field c = field(IsolationForest.class, "c");
            IsolationTree[] trees = forest.trees();
            int[] roots = new int[trees.length];
            List<double[]> nodes = new ArrayList<>();
            boolean sparse = true;
            for (int t = 0; t < trees.length; t++) {
                roots[t] = nodes.size();
                // Depth first, children after their parent: each node's slot is reserved, then filled.
                List<Object> pending = new ArrayList<>();
                List<Integer> slots = new ArrayList<>();
                pending.add(root.get(trees[t]));
                slots.add(nodes.size());
                nodes.add(null);
                while (!pending.isEmpty()) {
                    Object node = pending.remove(pending.size() - 1);
                    int slot = slots.remove(slots.size() - 1);
                    Object l = nodeLeft.get(node);
                    Object r = nodeRight.get(node);
                    double d = nodeDepth.getDouble(node);
                    if (l == null && r == null) {
                        nodes.set(slot, new double[] {-1, 0, 0, -1, -1, d});
                        continue;
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
                    int leftSlot = nodes.size();
                    nodes.add(null);
                    int rightSlot = nodes.size();
                    nodes.add(null);
                    nodes.set(slot, new double[] {only, only < 0 ? 0.0 : s[only], nodeBias.getDouble(node), leftSlot,
                        rightSlot, d});
                    pending.add(l);
                    slots.add(leftSlot);
                    pending.add(r);
                    slots.add(rightSlot);
                }
            }
            return new IsolationForestPaths(forest, roots, nodes, c.getDouble(forest), sparse);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot lay out the isolation forest's trees (expected Smile 3.1.1's "
                    + "IsolationTree and IsolationForest fields): " + e, e);
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
