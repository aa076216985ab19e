namespace Clv.Probabilistic.Reporting;

/// <summary>Argument checks shared by the plots: every failure names the argument and, where useful, the index.</summary>
internal static class InputGuard
{
    public static void NotEmpty<T>(T[]? values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length == 0) throw new ArgumentException($"{name} is empty.", name);
    }

    public static void SameLength<T, TReference>(T[]? values, string name, TReference[] reference, string referenceName)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != reference.Length)
            throw new ArgumentException(
                $"{name} has {values.Length} values but {referenceName} has {reference.Length}; they must match one to one.", name);
    }

    /// <summary>A series of counts or means drawn against <paramref name="reference"/>: same length, finite, not negative.</summary>
    public static void Counts<TReference>(double[]? values, string name, TReference[] reference, string referenceName)
    {
        SameLength(values, name, reference, referenceName);
        FiniteNonNegative(values, name);
    }

    public static void Finite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentOutOfRangeException(name, values[i], $"{name}[{i}] is {values[i]}; every value must be finite.");
    }

    public static void FiniteNonNegative(ReadOnlySpan<double> values, string name)
    {
        Finite(values, name);
        for (int i = 0; i < values.Length; i++)
            if (values[i] < 0)
                throw new ArgumentOutOfRangeException(name, values[i], $"{name}[{i}] is {values[i]}; counts cannot be negative.");
    }

    public static void StrictlyIncreasing(ReadOnlySpan<double> values, string name)
    {
        Finite(values, name);
        for (int i = 1; i < values.Length; i++)
            if (!(values[i] > values[i - 1]))
                throw new ArgumentException($"{name}[{i}] = {values[i]} does not exceed {name}[{i - 1}] = {values[i - 1]}; the values must increase.", name);
    }

    public static void Labels(string[]? labels, string name)
    {
        NotEmpty(labels, name);
        for (int i = 0; i < labels!.Length; i++)
            if (labels[i] is null) throw new ArgumentException($"{name}[{i}] is null.", name);
    }
}
