using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Evaluation;

/// <summary>The likelihood-ratio test of a compared model against a larger compared model that nests it.</summary>
public sealed class NestedModelTest
{
    private NestedModelTest(ComparedModel restricted, ComparedModel full, NestedModel nesting, LikelihoodRatioTest test)
    {
        Restricted = restricted;
        Full = full;
        Nesting = nesting;
        Test = test;
    }

    /// <summary>The nested model's row.</summary>
    public ComparedModel Restricted { get; }

    /// <summary>The larger model's row.</summary>
    public ComparedModel Full { get; }

    /// <summary>How the larger model nests the smaller (restrictions, boundary, the limit in words).</summary>
    public NestedModel Nesting { get; }

    /// <summary>The test: Λ = 2 (ℓ_full − ℓ_restricted) and its p-value.</summary>
    public LikelihoodRatioTest Test { get; }

    /// <summary>The test in one sentence.</summary>
    public string Describe()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        string full = Full.Definition.DisplayName, restricted = Restricted.Definition.DisplayName;
        string boundary = Test.OnBoundary ? " (the restriction is on the boundary of the parameter space, Self & Liang 1987)" : "";
        string verdict = Test.PValue < 0.05
            ? $"the data reject {restricted} in favour of {full} at the 5% level."
            : $"no evidence for {full} over {restricted} at the 5% level.";
        return string.Create(c, $"{full} against {restricted} ({Nesting.Limit}): Λ = {Test.Statistic:0.####}, p = {Test.PValue:0.####} against {Test.ReferenceDistribution}{boundary}; {verdict}");
    }

    internal static IReadOnlyList<NestedModelTest> For(IReadOnlyList<ComparedModel> models)
    {
        var tests = new List<NestedModelTest>();
        foreach (var full in models)
        {
            foreach (var nesting in full.Definition.Nests)
            {
                var restricted = models.FirstOrDefault(m => ReferenceEquals(m.Definition, nesting.Model));
                if (restricted?.LogLikelihood is not { } lr || full.LogLikelihood is not { } lf || !double.IsFinite(lr) || !double.IsFinite(lf)) continue;
                tests.Add(new NestedModelTest(restricted, full, nesting,
                    LikelihoodRatioTest.Compute(lr, lf, nesting.Restrictions, nesting.OnBoundary)));
            }
        }
        return tests;
    }
}
