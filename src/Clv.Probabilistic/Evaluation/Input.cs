namespace Clv.Probabilistic.Evaluation;

/// <summary>Validation of per-customer input columns shared by the evaluation types.</summary>
internal static class Input
{
    public static void SameLength(int expected, string expectedName, int actual, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"'{name}' has {actual} rows but '{expectedName}' has {expected}.", name);
    }

    public static void Finite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new InvalidRowException(name, i, $"{values[i]} is not finite.");
    }

    public static void NonNegative(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]) || values[i] < 0)
                throw new InvalidRowException(name, i, $"{values[i]} is not a finite non-negative number.");
    }

    public static void WholeNonNegative(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v) || v < 0 || v != Math.Floor(v) || v > int.MaxValue)
                throw new InvalidRowException(name, i, $"{v} is not a non-negative whole number.");
        }
    }

    public static void Probabilities(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] >= 0 && values[i] <= 1))
                throw new InvalidRowException(name, i, $"{values[i]} is not a probability in [0, 1].");
    }

    /// <summary>
    /// Checks optional row weights (empty means every row weighs 1): same length as the rows, finite and ≥ 0.
    /// Returns the total weight.
    /// </summary>
    public static double Weights(ReadOnlySpan<double> weights, int count, string name)
    {
        if (weights.IsEmpty) return count;
        SameLength(count, "rows", weights.Length, name);
        double total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double w = weights[i];
            if (!double.IsFinite(w) || w < 0)
                throw new InvalidRowException(name, i, $"weight {w} is not a finite non-negative number.");
            total += w;
        }
        return total;
    }

    public static double Weight(ReadOnlySpan<double> weights, int i) => weights.IsEmpty ? 1.0 : weights[i];

    public static void Positive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite positive number.");
    }
}
