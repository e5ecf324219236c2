using System.Collections.Concurrent;

namespace BindingConformance.Oracles;

/// <summary>
/// The bindings a run knows about and their probed availability. Probing is real and can be slow
/// (starting an interpreter), so each binding is probed once per registry.
/// </summary>
public class OracleRegistry
{
    private readonly ConcurrentDictionary<string, Lazy<BindingAvailability>> probes = new();

    public OracleRegistry(IEnumerable<IBindingOracle> oracles)
    {
        Oracles = oracles.ToArray();
        var duplicate = Oracles.GroupBy(o => o.Binding.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"binding '{duplicate.Key}' is registered twice");
        foreach (var oracle in Oracles)
        foreach (var model in oracle.Capabilities.Models)
            PathSafeName.Check(model, $"model name of binding {oracle.Binding.Id}");
    }

    public IReadOnlyList<IBindingOracle> Oracles { get; }

    public IBindingOracle Get(string bindingId) =>
        Oracles.FirstOrDefault(o => o.Binding.Id == bindingId)
        ?? throw new ArgumentException(
            $"unknown binding '{bindingId}'; known: {string.Join(", ", Oracles.Select(o => o.Binding.Id))}");

    public BindingAvailability Availability(string bindingId) =>
        probes.GetOrAdd(bindingId, id => new Lazy<BindingAvailability>(() => Get(id).Probe())).Value;
}
