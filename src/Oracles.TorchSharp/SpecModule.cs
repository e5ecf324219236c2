using BindingConformance.Oracles.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// A TorchSharp module built from a <see cref="ModelSpec"/>: the layers in order, each registered under
/// its spec name so that state-dict keys are <c>{layer}.{parameter}</c> as in the Python worker, and so
/// that <c>train()</c>/<c>eval()</c> reach every layer (dropout, batch norm).
/// </summary>
internal sealed class SpecModule : nn.Module<Tensor, Tensor>
{
    private readonly IReadOnlyList<ModuleWithForward> layers;
    private readonly IReadOnlyList<string> names;

    public SpecModule(ModelSpec spec) : base(spec.Name)
    {
        var duplicate = spec.Layers.GroupBy(l => l.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new OracleException($"model {spec.Name} names two layers '{duplicate.Key}'");
        var site = 0L;
        layers = spec.Layers.Select(layer =>
        {
            var created = TorchLayers.Create(layer, site);
            site += TorchLayers.DrawSites(layer);
            return created;
        }).ToArray();
        names = spec.Layers.Select(l => l.Name).ToArray();
        foreach (var (layer, torchLayer) in spec.Layers.Zip(layers)) register_module(layer.Name, torchLayer.Module);
    }

    /// <summary>Points every harness dropout at the draws of (<paramref name="seed"/>, <paramref name="step"/>): call before each training forward pass.</summary>
    public void DrawFrom(long seed, long step)
    {
        foreach (var dropout in modules().OfType<HarnessDropout>())
        {
            dropout.Seed = seed;
            dropout.Step = step;
        }
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers) x = layer.Forward(x);
        return x;
    }

    /// <summary>The forward pass, keeping each spec layer's output under its name, in order (the last is the output).</summary>
    public IReadOnlyList<(string Name, Tensor Output)> ForwardLayers(Tensor input)
    {
        var outputs = new List<(string, Tensor)>(layers.Count);
        var x = input;
        foreach (var (name, layer) in names.Zip(layers))
        {
            x = layer.Forward(x);
            outputs.Add((name, x));
        }
        return outputs;
    }
}
