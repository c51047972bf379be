package io.sweepstream.evaluator.importance;

import java.util.Arrays;
import java.util.Random;

/**
 * A small random forest regressor: bagged regression trees, each split chosen among a random third of
 * the columns by the largest decrease in squared error. Deterministic for a given seed. Enough for
 * importance on a sweep's few hundred runs; not a general-purpose learner.
 */
final class RegressionForest {

    static final int TREES = 50;
    static final int MAX_DEPTH = 8;
    static final int MIN_LEAF = 2;

    private final Node[] trees;

    private RegressionForest(Node[] trees) {
        this.trees = trees;
    }

    /** Fits {@link #TREES} trees to rows {@code x} (rows x columns) and targets {@code y}. */
    static RegressionForest fit(double[][] x, double[] y, long seed) {
        Random random = new Random(seed);
        int n = y.length;
        int columns = x[0].length;
        int tried = Math.max(1, (int) Math.ceil(columns / 3.0));
        Node[] trees = new Node[TREES];
        for (int t = 0; t < TREES; t++) {
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(n); // bootstrap sample
            }
            trees[t] = grow(x, y, rows, 0, random, tried);
        }
        return new RegressionForest(trees);
    }

    double predict(double[] row) {
        double sum = 0;
        for (Node tree : trees) {
            Node node = tree;
            while (node.column >= 0) {
                node = row[node.column] <= node.threshold ? node.left : node.right;
            }
            sum += node.value;
        }
        return sum / trees.length;
    }

    /** A leaf has column -1 and a value; an inner node splits rows with {@code row[column] <= threshold} to the left. */
    private record Node(int column, double threshold, Node left, Node right, double value) {
    }

    private static Node grow(double[][] x, double[] y, int[] rows, int depth, Random random, int tried) {
        double mean = 0;
        for (int r : rows) {
            mean += y[r];
        }
        mean /= rows.length;
        if (depth >= MAX_DEPTH || rows.length < 2 * MIN_LEAF) {
            return new Node(-1, 0, null, null, mean);
        }
        int columns = x[0].length;
        int[] order = shuffledColumns(columns, random);
        int bestColumn = -1;
        double bestThreshold = 0;
        double bestError = squaredError(y, rows, mean) - 1e-12; // a split must lower the error
        Integer[] sorted = new Integer[rows.length];
        for (int c = 0; c < tried; c++) {
            int column = order[c];
            for (int i = 0; i < rows.length; i++) {
                sorted[i] = rows[i];
            }
            Arrays.sort(sorted, (a, b) -> Double.compare(x[a][column], x[b][column]));
            // Running sums give each split's squared error in one pass: sum((y - mean)^2) = sum(y^2) - sum(y)^2 / n.
            double leftSum = 0, leftSquares = 0, totalSum = 0, totalSquares = 0;
            for (int r : rows) {
                totalSum += y[r];
                totalSquares += y[r] * y[r];
            }
            for (int i = 0; i < sorted.length - 1; i++) {
                double v = y[sorted[i]];
                leftSum += v;
                leftSquares += v * v;
                int left = i + 1;
                int right = sorted.length - left;
                double here = x[sorted[i]][column];
                double next = x[sorted[i + 1]][column];
                if (left < MIN_LEAF || right < MIN_LEAF || here == next) {
                    continue;
                }
                double error = (leftSquares - leftSum * leftSum / left)
                        + ((totalSquares - leftSquares) - (totalSum - leftSum) * (totalSum - leftSum) / right);
                if (error < bestError) {
                    bestError = error;
                    bestColumn = column;
                    bestThreshold = (here + next) / 2;
                }
            }
        }
        if (bestColumn < 0) {
            return new Node(-1, 0, null, null, mean);
        }
        int leftCount = 0;
        for (int r : rows) {
            if (x[r][bestColumn] <= bestThreshold) {
                leftCount++;
            }
        }
        int[] left = new int[leftCount];
        int[] right = new int[rows.length - leftCount];
        int l = 0, rr = 0;
        for (int r : rows) {
            if (x[r][bestColumn] <= bestThreshold) {
                left[l++] = r;
            } else {
                right[rr++] = r;
            }
        }
        return new Node(bestColumn, bestThreshold,
                grow(x, y, left, depth + 1, random, tried), grow(x, y, right, depth + 1, random, tried), mean);
    }

    private static double squaredError(double[] y, int[] rows, double mean) {
        double e = 0;
        for (int r : rows) {
            e += (y[r] - mean) * (y[r] - mean);
        }
        return e;
    }

    private static int[] shuffledColumns(int columns, Random random) {
        int[] order = new int[columns];
        for (int i = 0; i < columns; i++) {
            order[i] = i;
        }
        for (int i = columns - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
