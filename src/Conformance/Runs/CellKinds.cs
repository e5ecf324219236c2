namespace BindingConformance.Runs;

/// <summary>The kinds of cell a run records (the <c>Suite</c> of a report row); docs/verdicts.md gives each one's rules.</summary>
public static class CellKinds
{
    /// <summary>A binding trains a model: minimum accuracy, reproducibility, and its trajectory against the reference.</summary>
    public const string Training = "training";

    /// <summary>A binding's own saved file, re-loaded by it, reproduces its trained model's predictions.</summary>
    public const string Own = "own";

    /// <summary>The own file on one of the binding's alternate inference backends.</summary>
    public const string Backend = "backend";

    /// <summary>A file loaded by another binding of the same framework, or in another format.</summary>
    public const string CrossLoad = "cross-load";

    /// <summary>safetensors weights moved into another framework.</summary>
    public const string WeightTransfer = "weight-transfer";

    /// <summary>Times against the framework default: a measurement, never a failure.</summary>
    public const string TimeCost = Reports.MeasurementSuites.TimeCost;
}
