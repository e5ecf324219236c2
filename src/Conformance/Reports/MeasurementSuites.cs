namespace BindingConformance.Reports;

/// <summary>
/// Suites whose cells record a measurement rather than a conformance verdict: a binding may be much faster or
/// slower than its framework's default and still conform, so these cells never count towards a badge.
/// </summary>
public static class MeasurementSuites
{
    public const string TimeCost = "time-cost";

    public static bool Contains(string suite) => suite == TimeCost;
}
