using Xunit;
using Xunit.Sdk;

namespace BindingConformance;

/// <summary>
/// A theory run once per cell of the matrix named by <see cref="ModelsAttribute"/>, <see cref="BindingsAttribute"/>,
/// <see cref="DevicesAttribute"/> and <see cref="ModesAttribute"/>, or by <see cref="FixturesAttribute"/> in place of the
/// model axis (one cell per committed fixture the binding loads). The method receives the cell through
/// parameters named <c>model</c>, <c>binding</c>, <c>device</c>, <c>mode</c>, <c>reference</c> (strings)
/// or one <see cref="ConformanceCell"/> parameter. With <see cref="Kind"/>, each cell is one cell of that kind, run by
/// <c>cell.RunAsync()</c> through the engine <c>conformance run</c> uses.
/// </summary>
[XunitTestCaseDiscoverer("BindingConformance.Sdk.ConformanceTheoryDiscoverer", "BindingConformance")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceTheoryAttribute : FactAttribute
{
    /// <summary>
    /// True (the default) when the cell trains the model in its binding, so a binding that cannot train
    /// the model is skipped with the oracle's reason. False for theories that only load and run models.
    /// </summary>
    public bool RequiresTraining { get; set; } = true;

    /// <summary>
    /// The cell kind each case is (<c>training</c>, <c>cross-load</c>, <c>hybridization</c>…: <see cref="Cells.CellKinds"/>);
    /// empty for a theory whose body judges the cell itself. A kind decides what must be trained, overriding
    /// <see cref="RequiresTraining"/>, and adds a <c>Kind</c> trait.
    /// </summary>
    public string Kind { get; set; } = "";
}
