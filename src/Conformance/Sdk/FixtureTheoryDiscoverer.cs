using System.Reflection;
using BindingConformance.Fixtures;
using BindingConformance.Oracles;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace BindingConformance.Sdk;

/// <summary>
/// Expands a <see cref="FixtureTheoryAttribute"/> into one <see cref="FixtureTestCase"/> per fixture × loading
/// binding × device, in manifest order. A misdeclared theory or an unreadable manifest is one failing case.
/// </summary>
public sealed class FixtureTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var directory = factAttribute.GetNamedArgument<string?>(nameof(FixtureTheoryAttribute.Directory)) ?? "fixtures/models";
        var method = testMethod.Method.ToRuntimeMethod();
        try
        {
            if (method.GetParameters() is not [{ ParameterType: var type }] || type != typeof(FixtureCell))
                throw new ConformanceConfigurationException($"a fixture theory takes exactly one {nameof(FixtureCell)} parameter");
            var registry = RegistryResolver.Resolve(method);
            var (bindings, devices) = Axes(method, registry);
            var manifest = FixtureManifest.Read(Path.Combine(ProductPaths.Root, directory));
            if (manifest.Fixtures.Count == 0) throw new ConformanceConfigurationException($"{directory}/{FixtureManifest.FileName} lists no fixtures");
            return [.. from fixture in manifest.Fixtures
                       from binding in bindings
                       where registry.Get(binding).Capabilities.WhyCannotLoad(binding, FixtureManifest.ParseFormat(fixture.Format)!.Value) is null
                       from device in devices
                       select new FixtureTestCase(diagnosticMessageSink, display, displayOptions, testMethod, directory, fixture, binding, device)];
        }
        catch (Exception e) when (e is ConformanceConfigurationException or InvalidDataException)
        {
            return [new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, $"[FixtureTheory] {e.Message}")];
        }
    }

    /// <summary>The declared bindings (every registered one when none are) and devices (<c>cpu</c> when none are); unknown names throw.</summary>
    private static (IReadOnlyList<string> Bindings, IReadOnlyList<string> Devices) Axes(MethodInfo method, OracleRegistry registry)
    {
        T? Find<T>() where T : Attribute => method.GetCustomAttribute<T>() ?? method.DeclaringType?.GetCustomAttribute<T>();
        var known = registry.Oracles.Select(o => o.Binding.Id).ToArray();
        var bindings = Find<BindingsAttribute>()?.Ids ?? known;
        var devices = Find<DevicesAttribute>()?.Names ?? [Device.Cpu];
        var unknown = bindings.Where(b => !known.Contains(b)).Select(b => $"[Bindings] unknown '{b}'; known: {string.Join(", ", known)}")
            .Concat(devices.Where(d => !Device.All.Contains(d)).Select(d => $"[Devices] unknown '{d}'; known: {string.Join(", ", Device.All)}"))
            .ToArray();
        return unknown.Length > 0 ? throw new ConformanceConfigurationException(string.Join("; ", unknown)) : (bindings, devices);
    }
}
