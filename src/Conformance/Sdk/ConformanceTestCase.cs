using System.ComponentModel;
using BindingConformance.Oracles;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace BindingConformance.Sdk;

/// <summary>
/// One cell of a conformance matrix. Its coordinates are serialized strings (so runners can list and
/// re-run a single cell) and part of its unique id; availability is probed when it runs, so a cell
/// discovered on one machine is skipped with the reason on a machine that lacks the binding or device.
/// </summary>
public sealed class ConformanceTestCase : XunitTestCase
{
    private CellCoordinates coordinates = null!;
    private bool requiresTraining;

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ConformanceTestCase()
    {
    }

    internal ConformanceTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        CellCoordinates coordinates,
        bool requiresTraining)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        this.coordinates = coordinates;
        this.requiresTraining = requiresTraining;
    }

    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        object[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource)
    {
        var method = Method.ToRuntimeMethod();
        var registry = RegistryResolver.Resolve(method);
        var fixtureDirectory = MatrixAxes.Read(method).FixtureDirectory;
        var cell = new ConformanceCell(coordinates, CellIdentity.Of(TestMethod.TestClass.Class.ToRuntimeType(), method.Name), registry,
            fixtureDirectory is null ? null : Path.Combine(ProductPaths.Root, fixtureDirectory));
        var skipReason = SkipReason ?? CellSkipReason.Of(registry, coordinates, requiresTraining);
        var previous = ConformanceCell.Current;
        ConformanceCell.Current = cell;
        try
        {
            var skips = new CellSkipMessageBus(messageBus);
            var summary = await new XunitTestCaseRunner(
                this, DisplayName, skipReason, constructorArguments, CellArguments.Bind(method, cell),
                skips, aggregator, cancellationTokenSource).RunAsync();
            // A cell the engine skipped while running was reported as a skip, not a failure.
            summary.Failed -= skips.Skipped;
            summary.Skipped += skips.Skipped;
            return summary;
        }
        finally
        {
            ConformanceCell.Current = previous;
        }
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        data.AddValue(nameof(CellCoordinates.Model), coordinates.Model);
        data.AddValue(nameof(CellCoordinates.Binding), coordinates.Binding);
        data.AddValue(nameof(CellCoordinates.Device), coordinates.Device);
        data.AddValue(nameof(CellCoordinates.Mode), coordinates.Mode);
        data.AddValue(nameof(CellCoordinates.HasModeAxis), coordinates.HasModeAxis);
        data.AddValue(nameof(CellCoordinates.Reference), coordinates.Reference);
        data.AddValue(nameof(CellCoordinates.Framework), coordinates.Framework);
        data.AddValue(nameof(CellCoordinates.Format), coordinates.Format);
        data.AddValue(nameof(CellCoordinates.Backend), coordinates.Backend);
        data.AddValue(nameof(CellCoordinates.Kind), coordinates.Kind);
        data.AddValue(nameof(CellCoordinates.Fixture), coordinates.Fixture);
        data.AddValue(nameof(CellCoordinates.Writer), coordinates.Writer);
        data.AddValue(nameof(requiresTraining), requiresTraining);
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        // Restored before the base, which computes the unique id and display name from them.
        coordinates = new CellCoordinates(
            data.GetValue<string>(nameof(CellCoordinates.Model)),
            data.GetValue<string>(nameof(CellCoordinates.Binding)),
            data.GetValue<string>(nameof(CellCoordinates.Device)),
            data.GetValue<string>(nameof(CellCoordinates.Mode)),
            data.GetValue<bool>(nameof(CellCoordinates.HasModeAxis)),
            data.GetValue<string>(nameof(CellCoordinates.Reference)),
            data.GetValue<string>(nameof(CellCoordinates.Framework)))
        {
            Format = data.GetValue<string>(nameof(CellCoordinates.Format)),
            Backend = data.GetValue<string>(nameof(CellCoordinates.Backend)),
            Kind = data.GetValue<string>(nameof(CellCoordinates.Kind)),
            Fixture = data.GetValue<string>(nameof(CellCoordinates.Fixture)),
            Writer = data.GetValue<string>(nameof(CellCoordinates.Writer)),
        };
        requiresTraining = data.GetValue<bool>(nameof(requiresTraining));
        base.Deserialize(data);
    }

    protected override void Initialize()
    {
        base.Initialize();
        DisplayName = $"{BaseDisplayName}({coordinates.DisplayArguments})";
        AddTrait("Framework", coordinates.Framework);
        AddTrait("Model", coordinates.Model);
        AddTrait("Binding", coordinates.Binding);
        AddTrait("Device", coordinates.Device);
        AddTrait("Mode", coordinates.Mode);
        if (coordinates.Reference.Length > 0) AddTrait("Reference", coordinates.Reference);
        if (coordinates.Kind.Length > 0) AddTrait("Kind", coordinates.Kind);
        if (coordinates.Format.Length > 0) AddTrait("Format", coordinates.Format);
        if (coordinates.Backend.Length > 0) AddTrait("Backend", coordinates.Backend);
        if (coordinates.Fixture.Length > 0) AddTrait("Fixture", coordinates.Fixture);
        if (coordinates.Writer.Length > 0) AddTrait("Writer", coordinates.Writer);
    }

    protected override string GetUniqueID() => $"{base.GetUniqueID()}[{coordinates.FileSuffix}_mode={coordinates.Mode}_reference={coordinates.Reference}]";

    private void AddTrait(string name, string value)
    {
        if (!Traits.TryGetValue(name, out var values)) Traits[name] = values = [];
        values.Add(value);
    }
}
