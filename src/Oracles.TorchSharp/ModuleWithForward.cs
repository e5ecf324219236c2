using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// A module (owner of parameters, target of <c>train()</c>/<c>eval()</c>) and the function that applies
/// it: recurrent layers keep only the last time step, and TorchScript modules are not <c>Module&lt;T, T&gt;</c>.
/// </summary>
internal sealed record ModuleWithForward(nn.Module Module, Func<Tensor, Tensor> Forward);
