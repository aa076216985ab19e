namespace Clv.Probabilistic.Valuation;

/// <summary>What a scoring run did.</summary>
/// <param name="Scored">Customers scored and written by this run.</param>
/// <param name="AlreadyWritten">Customers found already written (by an earlier, interrupted run) and skipped.</param>
/// <param name="Batches">Batches committed by this run.</param>
public sealed record ScoringReport(long Scored, long AlreadyWritten, int Batches);
