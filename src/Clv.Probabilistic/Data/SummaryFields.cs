namespace Clv.Probabilistic.Data;

/// <summary>
/// The optional columns of a summary that a command reads (<see cref="RfmSummaryCsv"/>'s internal read): ids,
/// frequency and weights are always read. Every column of every row is still parsed and checked, so a file's errors do
/// not depend on the command; a column left out is only not stored (8 bytes a row of fresh memory).
/// </summary>
[Flags]
internal enum SummaryFields
{
    /// <summary>Only ids, frequency and weights.</summary>
    None = 0,

    /// <summary>t_x.</summary>
    Recency = 1,

    /// <summary>T.</summary>
    T = 2,

    /// <summary>The mean spend of the repeat purchase days.</summary>
    MonetaryValue = 4,

    /// <summary>t_x and T: what a purchase model reads.</summary>
    Durations = Recency | T,

    /// <summary>Every column.</summary>
    All = Recency | T | MonetaryValue,
}
