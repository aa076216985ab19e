namespace Clv.Probabilistic.Models;

/// <summary>A registered model that another contains as a limit of its parameters.</summary>
/// <param name="Model">The restricted model.</param>
/// <param name="Restrictions">Parameters the restriction removes (the degrees of freedom of the likelihood-ratio test).</param>
/// <param name="OnBoundary">
/// Whether the restricted model lies on the boundary of the larger model's parameter space (for example b = 0 where b &gt; 0),
/// so that the likelihood-ratio statistic follows a mixture of χ² distributions rather than χ²_df (Self &amp; Liang 1987).
/// </param>
/// <param name="Limit">The limit in words (for example "b → 0 with β/b fixed").</param>
public sealed record NestedModel(ModelDefinition Model, int Restrictions, bool OnBoundary, string Limit);
