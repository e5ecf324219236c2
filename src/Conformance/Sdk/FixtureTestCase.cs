using System.ComponentModel;
using System.Text.Json;
using BindingConformance.Fixtures;
using BindingConformance.Oracles;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace BindingConformance.Sdk;

/// <summary>
/// One fixture loaded by one binding on one device. The fixture entry travels with the case (as its manifest
/// JSON), and availability is probed when it runs, so an absent binding or device is a skip with the oracle's reason.
/// </summary>
public sealed class FixtureTestCase : XunitTestCase
{
    private string directory = null!;
    private string fixtureJson = null!;
    private string binding = null!;
    private string device = null!;
    private ModelFixture fixture = null!;

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public FixtureTestCase()
    {
    }

    internal FixtureTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        string directory,
        ModelFixture fixture,
        string binding,
        string device)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        this.directory = directory;
        this.fixture = fixture;
        fixtureJson = JsonSerializer.Serialize(fixture);
        this.binding = binding;
        this.device = device;
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
        var identity = CellIdentity.Of(TestMethod.TestClass.Class.ToRuntimeType(), method.Name);
        var reproduce = $"dotnet test {identity.ProjectPath} --filter \"FullyQualifiedName={identity.FullClassName}.{identity.MethodName}" +
                        $"&Fixture={fixture.Id}&Binding={binding}&Device={device}\"";
        var cell = new FixtureCell(fixture, binding, device, Path.Combine(ProductPaths.Root, directory), registry, reproduce);
        var skipReason = SkipReason ?? FixtureCheck.WhySkip(registry, fixture, binding, device);
        return await new XunitTestCaseRunner(
            this, DisplayName, skipReason, constructorArguments, [cell], messageBus, aggregator, cancellationTokenSource).RunAsync();
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        data.AddValue(nameof(directory), directory);
        data.AddValue(nameof(fixture), fixtureJson);
        data.AddValue(nameof(binding), binding);
        data.AddValue(nameof(device), device);
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        // Restored before the base, which computes the unique id and display name from them.
        directory = data.GetValue<string>(nameof(directory));
        fixtureJson = data.GetValue<string>(nameof(fixture));
        fixture = JsonSerializer.Deserialize<ModelFixture>(fixtureJson)!;
        binding = data.GetValue<string>(nameof(binding));
        device = data.GetValue<string>(nameof(device));
        base.Deserialize(data);
    }

    protected override void Initialize()
    {
        base.Initialize();
        DisplayName = $"{BaseDisplayName}(fixture: {fixture.Id}, binding: {binding}, device: {device})";
        foreach (var (name, value) in new[]
                 {
                     ("Fixture", fixture.Id), ("Model", fixture.Model), ("Writer", fixture.Writer), ("Format", fixture.Format),
                     ("Binding", binding), ("Device", device),
                 })
            Traits[name] = [value];
    }

    protected override string GetUniqueID() => $"{base.GetUniqueID()}[fixture={fixture.Id}_binding={binding}_device={device}]";
}
