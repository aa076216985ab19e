using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Data.Discrete;

/// <summary>Binary histories on a period grid and their (x, t_x, n) summaries, against hand-made logs and a naive count.</summary>
public class DiscreteSummarizerTests
{
    private static TransactionLog Log(params (string Id, string Date)[] rows) =>
        TransactionLog.FromArrays(rows.Select(r => r.Id).ToArray(), rows.Select(r => DateOnly.Parse(r.Date, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            new double[rows.Length]);

    // Yearly grid from 1995, six calibration and five holdout years (the donations layout): a donor of 1995 who gave
    // twice in 1995 and in 1997, 1999 and 2003 has x = 2, t_x = 4, n = 6 and one holdout year; a donor first seen in 1998
    // has n = 3; one first seen in 2002 is not in the calibration.
    [Fact]
    public void YearlyHistoriesGiveFrequencyRecencyAndPeriods()
    {
        var log = Log(("a", "1995-03-01"), ("a", "1995-06-01"), ("a", "1997-02-01"), ("a", "1999-12-31"), ("a", "2003-05-05"),
            ("b", "1998-05-05"), ("c", "2002-01-01"), ("c", "2004-01-01"), ("d", "2001-12-31"), ("d", "2006-12-31"));
        var grid = new PeriodGrid(PeriodLength.Year, new DateOnly(1995, 1, 1), 6, 5);
        Assert.Equal((12, new DateOnly(2007, 1, 1)), (grid.Count, grid.End));
        var split = DiscreteSummarizer.SummarizeCalibrationHoldout(log, grid);
        var c = split.Calibration;
        Assert.Equal(["a", "b", "d"], c.CustomerIds);
        Assert.Equal([2.0, 0, 0], c.Frequency.ToArray());
        Assert.Equal([4.0, 0, 0], c.Recency.ToArray());
        Assert.Equal([6.0, 3, 0], c.T.ToArray());
        Assert.Equal([1.0, 0, 1], split.FrequencyHoldout.ToArray());
        Assert.All(split.DurationHoldout.ToArray(), d => Assert.Equal(5.0, d));
        Assert.Equal(TimeUnit.Years, c.TimeUnit);

        var histories = BinaryHistories.Build(log, grid);
        Assert.True(histories.IsActive(0, 0));
        Assert.False(histories.IsActive(0, 1));
        Assert.True(histories.IsActive(0, 8));
        Assert.Equal(3, histories.FirstPeriod(1));
    }

    // A transaction before the start or after the last period is refused, naming the customer, row and date.
    [Theory]
    [InlineData("1994-12-31")]
    [InlineData("2002-01-01")]
    public void TransactionOutsideTheGridIsRefused(string date)
    {
        var log = Log(("a", "1995-03-01"), ("zoe", date));
        var grid = new PeriodGrid(PeriodLength.Year, new DateOnly(1995, 1, 1), 6);
        var e = Assert.Throws<ClvDataException>(() => DiscreteSummarizer.Summarize(log, grid));
        Assert.Equal("zoe", e.CustomerId);
        Assert.Equal(1, e.Row);
        Assert.Contains($"The transaction of {date} lies outside the period grid, 1995-01-01 to 2001-12-31", e.Message);
    }

    // Months from the 31st (short months end early: 2020-02-29 starts period 1 ... ) and every other length: the summary
    // equals a naive count that finds each transaction's period by walking the grid's start dates.
    [Theory]
    [InlineData(PeriodLength.Month, "2020-01-31", 30, 6)]
    [InlineData(PeriodLength.Quarter, "2019-11-15", 10, 3)]
    [InlineData(PeriodLength.Week, "2020-01-06", 80, 20)]
    [InlineData(PeriodLength.Day, "2020-01-01", 100, 10)]
    [InlineData(PeriodLength.Year, "2000-02-29", 8, 2)]
    public void SummaryMatchesANaiveCount(PeriodLength length, string start, int calibration, int holdout)
    {
        var grid = new PeriodGrid(length, DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), calibration, holdout);
        var random = new Xoshiro256StarStar(3);
        int span = grid.End.DayNumber - grid.Start.DayNumber;
        var ids = new List<string>();
        var dates = new List<DateOnly>();
        for (int i = 0; i < 3000; i++)
        {
            ids.Add("c" + random.Next(200));
            dates.Add(DateOnly.FromDayNumber(grid.Start.DayNumber + random.Next(span)));
        }
        var log = TransactionLog.FromArrays(ids, dates.ToArray(), new double[ids.Count]);
        var split = DiscreteSummarizer.SummarizeCalibrationHoldout(log, grid);

        int PeriodOf(DateOnly d)
        {
            int k = 0;
            while (grid.StartOf(k + 1) <= d) k++;
            return k;
        }
        var periods = ids.Select((id, i) => (id, PeriodOf(dates[i]))).GroupBy(p => p.id).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).Distinct().ToArray());
        var c = split.Calibration;
        Assert.Equal(periods.Count(p => p.Value.Min() <= calibration), c.Count);
        for (int i = 0; i < c.Count; i++)
        {
            var active = periods[c.CustomerIds[i]];
            int first = active.Min();
            var repeat = active.Where(k => k > first && k <= calibration).ToArray();
            Assert.Equal(repeat.Length, c.Frequency[i]);
            Assert.Equal(repeat.Length == 0 ? 0 : repeat.Max() - first, c.Recency[i]);
            Assert.Equal(calibration - first, c.T[i]);
            Assert.Equal(active.Count(k => k > calibration), split.FrequencyHoldout[i]);
        }
    }

    [Fact]
    public void GridArgumentsAreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeriodGrid(PeriodLength.Year, new DateOnly(2000, 1, 1), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeriodGrid(PeriodLength.Year, new DateOnly(2000, 1, 1), 3, -2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeriodGrid(PeriodLength.Year, new DateOnly(9990, 1, 1), 20));
        Assert.Equal(PeriodLength.Quarter, PeriodGrid.ParseLength(" Quarters "));
        Assert.Throws<FormatException>(() => PeriodGrid.ParseLength("fortnight"));
        Assert.Equal(365.25 / 4, new PeriodGrid(PeriodLength.Quarter, new DateOnly(2000, 1, 1), 4).TimeUnit.DaysPerUnit);
    }
}
