using BindingConformance.Reports;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>A binding's training of one model on one device: its cell, and what it produced when it ran.</summary>
/// <param name="Trained">The runs and exported files; null when the cell was skipped or training failed.</param>
public sealed record TrainingOutcome(CellResult Cell, TrainedModel? Trained, TrainingEvidence? Evidence);
