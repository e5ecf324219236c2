using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;

namespace Hybridization.Conformance;

/// <summary>
/// Does a binding's graph mode compute what eager computes on inputs it was not captured on, does it compute what the
/// reference binding's matching mode computes, and is it faster? The model axis is the probe (docs/hybridization.md);
/// <c>--filter "Mode=traced"</c> selects the traced cells.
/// </summary>
[Models(HazardProbes.TensorBranch, HazardProbes.DataLoop, HazardProbes.BakedBatch, HazardProbes.SideEffectCounter, HazardProbes.TrainEvalBatchNorm,
    HazardProbes.CapturedScalar, HazardProbes.InPlaceInput, HazardProbes.VariableLengthRnn, ModelZoo.LeNet1, ModelZoo.LeNet5, ModelZoo.Lstm, ModelZoo.Gru,
    ModelZoo.Bert)]
[Bindings("pytorch-python", "torchsharp", "onnxruntime")]
[Devices(Device.Cpu, Device.Cuda)]
public class HybridizationConformance
{
    /// <summary>A graph mode against eager in the same binding matches its approved behaviour (known divergences included); controls are equal.</summary>
    [ConformanceTheory(Kind = "hybridization")]
    [Modes(ExecutionMode.Traced, ExecutionMode.Scripted, ExecutionMode.Onnx, ExecutionMode.Compiled)]
    public async Task HazardFinding(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    /// <summary>
    /// The binding's mode computes what the reference's matching mode computes (the frozen branch included). ONNX Runtime's
    /// onnx mode has no counterpart (nobody else runs ONNX exports): its hazard findings hold it to its approved behaviour.
    /// </summary>
    [ConformanceTheory(Kind = "hybridization-conformance")]
    [Bindings("torchsharp")]
    [Modes(ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted, ExecutionMode.Compiled)]
    public async Task ModeConformance(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    /// <summary>Graph against eager time: faster, same or slower (a finding), never a failure.</summary>
    [ConformanceTheory(Kind = "hybridization-time")]
    [Modes(ExecutionMode.Traced, ExecutionMode.Scripted, ExecutionMode.Onnx, ExecutionMode.Compiled)]
    public async Task GraphTime(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    /// <summary>
    /// Graph against eager time of a training step (SGD on the first case) on the controls: faster, same or slower (a
    /// finding), never a failure. The controls the plan trains (the LeNets: <c>RunPlan.ProbeTrainingControls</c>); ONNX
    /// Runtime cannot train (a skip with the reason).
    /// </summary>
    [ConformanceTheory(Kind = "hybridization-training-time")]
    [Models(ModelZoo.LeNet1, ModelZoo.LeNet5)]
    [Modes(ExecutionMode.Traced, ExecutionMode.Scripted, ExecutionMode.Onnx)]
    public async Task GraphTrainingTime(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    /// <summary>TensorFlow.js's layers model against its own eager ops.</summary>
    [ConformanceTheory(Kind = "hybridization")]
    [Bindings("tfjs")]
    [Modes(ExecutionMode.Layers)]
    public async Task LayersHazardFinding(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    /// <summary>TensorFlow.js's layers model against its eager time.</summary>
    [ConformanceTheory(Kind = "hybridization-time")]
    [Bindings("tfjs")]
    [Modes(ExecutionMode.Layers)]
    public async Task LayersTime(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
