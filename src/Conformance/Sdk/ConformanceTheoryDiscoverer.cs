using BindingConformance.Cells;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace BindingConformance.Sdk;

/// <summary>
/// Expands a <see cref="ConformanceTheoryAttribute"/> into one <see cref="ConformanceTestCase"/> per
/// matrix cell. A wrongly declared theory becomes one failing case that says what is wrong.
/// </summary>
public sealed class ConformanceTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var requiresTraining = factAttribute.GetNamedArgument<bool?>(nameof(ConformanceTheoryAttribute.RequiresTraining)) ?? true;
        var kind = factAttribute.GetNamedArgument<string?>(nameof(ConformanceTheoryAttribute.Kind)) ?? "";
        var method = testMethod.Method.ToRuntimeMethod();
        var axes = MatrixAxes.Read(method);
        IReadOnlyList<CellCoordinates> cells;
        try
        {
            CellArguments.Validate(method);
            // A kind decides what its cells need trained; an unknown kind is a misdeclared theory.
            if (kind.Length > 0) requiresTraining = Kinds(kind).Training == TrainingNeed.Binding;
            cells = axes.Expand(RegistryResolver.Resolve(method), kind);
        }
        // An unreadable fixture manifest or an unknown kind is a misdeclared theory too.
        catch (Exception e) when (e is ConformanceConfigurationException or InvalidDataException)
        {
            return [new ConformanceErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, $"[ConformanceTheory] {e.Message}", axes)];
        }
        // A fixture cell loads a committed file: it never trains.
        return cells.Select(cell => new ConformanceTestCase(
            diagnosticMessageSink, display, displayOptions, testMethod, cell, requiresTraining && cell.Fixture.Length == 0));
    }

    private static CellKind Kinds(string name)
    {
        try
        {
            return CellKinds.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new ConformanceConfigurationException(e.Message);
        }
    }
}
