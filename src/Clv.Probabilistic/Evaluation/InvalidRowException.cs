namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// A row of an evaluation input holds a value the evaluation cannot use (NaN, infinity, a negative count, a
/// probability outside [0, 1]). <see cref="ArgumentException.ParamName"/> names the argument and <see cref="Row"/>
/// the zero-based row.
/// </summary>
public sealed class InvalidRowException : ArgumentException
{
    /// <summary>Creates the exception for row <paramref name="row"/> of argument <paramref name="paramName"/>.</summary>
    public InvalidRowException(string paramName, int row, string problem)
        : base($"Row {row} of '{paramName}': {problem}", paramName)
    {
        Row = row;
    }

    /// <summary>Zero-based index of the offending row.</summary>
    public int Row { get; }
}
