namespace Clv.Probabilistic.Data.Discrete;

/// <summary>Length of one transaction opportunity of a discrete summary.</summary>
public enum PeriodLength
{
    /// <summary>A calendar year from the grid's start date.</summary>
    Year,

    /// <summary>Three calendar months from the grid's start date.</summary>
    Quarter,

    /// <summary>A calendar month from the grid's start date.</summary>
    Month,

    /// <summary>Seven days.</summary>
    Week,

    /// <summary>One day.</summary>
    Day,
}
