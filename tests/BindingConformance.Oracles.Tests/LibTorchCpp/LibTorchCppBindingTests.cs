using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Tests.PythonTorch;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.LibTorchCpp;

/// <summary>
/// The libtorch C++ binding for real, through its shipped manifest and the generic worker oracle: what its hello declares,
/// and that it trains, steps and runs layers exactly as Python 1.13 does, since both drive Debian's libtorch 1.13 library.
/// Its golden fixtures are checked by <c>conformance fixtures</c> (FixturesCommandTests), its protocol by <c>check-worker</c>.
/// </summary>
[Collection(TrainedLeNet5Collection.Name)]
public sealed class LibTorchCppBindingTests(TrainedLeNet5 trained) : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("libtorch-cpp-").FullName;

    private readonly WorkerOracle cpp = ShippedWorkers.Oracle(ShippedWorkers.LibTorchCppId);

    /// <summary>Python PyTorch single-threaded, as the C++ manifest runs libtorch, so that both reduce in the same order.</summary>
    private readonly WorkerOracle python = ShippedWorkers.Python(threads: 1);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await cpp.DisposeAsync();
        await python.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [LibTorchCppFact]
    public void Probe_declares_a_cpu_only_pytorch_binding_in_cpp_on_libtorch_1_13_that_builds_every_zoo_model()
    {
        var availability = cpp.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Binding.Should().Be(new BindingDescriptor("libtorch-cpp", "pytorch", "cpp", IsDefault: false));
        // Debian's libtorch-dev 1.13.1 compiles TORCH_VERSION 1.13.0 into the worker; its release is the library's.
        availability.Version.Should().Be("1.13.0");
        availability.Engine.Should().Be(new BindingEngine("libtorch", "1.13.0"));
        availability.Devices.Should().Equal(Device.Cpu);
        availability.WhyDeviceAbsent(Device.Cuda).Should().Be("libtorch 1.13.0 is a CPU-only build (at::hasCUDA() is false)");
        var capabilities = cpp.Capabilities;
        capabilities.CanTrain.Should().BeTrue();
        capabilities.Models.Should().Equal(ModelZoo.Names, "it builds every layer kind of the zoo");
        capabilities.SaveFormats.Should().Equal(ModelFormat.Safetensors);
        capabilities.LoadFormats.Should().Equal(ModelFormat.Safetensors, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted);
        capabilities.ActivationFormats.Should().Equal(capabilities.LoadFormats);
        capabilities.ExecutionModes.Should().BeEmpty();
        capabilities.AlternateBackends.Should().BeEmpty();
        capabilities.SlowTraining.Should().BeFalse();
        cpp.WhyNoStep.Should().BeNull("it speaks protocol 1.1 and declares the training-step probe");
    }

    [LibTorchCppFact]
    public async Task Trains_LeNet1_step_for_step_as_Python_1_13_does_and_its_saved_weights_are_Pythons()
    {
        var spec = ModelZoo.Get(ModelZoo.LeNet1);
        var data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 64, testCount: 50);
        // Two epochs of batches of 24: 24, 24 and a short last batch of 16 each, six SGD steps with momentum.
        var settings = new TrainingSettings(Epochs: 2, BatchSize: 24);
        TrainRequest Request(string binding) => new(spec, data, Seed: 9, settings, Device.Cpu, BatchOrder.Create(9, data.TrainCount, settings.Epochs),
            [new ModelExport(ModelFormat.Safetensors, Path.Combine(folder, $"{binding}.safetensors"))]);

        var cppRun = await cpp.TrainAsync(Request("cpp"));
        var pythonRun = await python.TrainAsync(Request("python"));
        var ownFile = await cpp.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.Safetensors, cppRun.Exports[0].Path, Device.Cpu, Passes: 2));

        // The same library, seeded alike, initialises, steps and evaluates alike: nothing may differ, not even in the last bit.
        cppRun.StepLosses.Should().HaveCount(6).And.Equal(pythonRun.StepLosses);
        cppRun.TestAccuracy.Should().Equal(pythonRun.TestAccuracy);
        cppRun.FinalTestLogits.Should().Equal(pythonRun.FinalTestLogits);
        cppRun.BindingVersion.Should().Be("1.13.0");
        SameTensors(SafetensorsReader.Read(cppRun.Exports[0].Path).Tensors, SafetensorsReader.Read(pythonRun.Exports[0].Path).Tensors);
        ownFile.PassLogits.Should().AllSatisfy(pass => pass.Should().Equal(cppRun.FinalTestLogits));
    }

    [LibTorchCppFact]
    public async Task Its_identity_probe_steps_and_layer_activations_equal_Pythons_on_a_trained_LeNet5()
    {
        var test = SafetensorsReader.Read(trained.Data.Path);
        var x = test["test_x"].FirstRows(32);
        // Three SGD steps with momentum on batches of 16, 16 and 16 test digits.
        var step = new TrainingStepRequest(trained.Model, trained.PathOf(ModelFormat.Safetensors), Batches(test["test_x"], 3, 16),
            Batches(test["test_y"], 3, 16), Device.Cpu, Seed: 3);

        SameSteps(await cpp.StepAsync(step), await python.StepAsync(step), steps: 3);
        foreach (var format in new[] { ModelFormat.Safetensors, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted })
        {
            var request = new ActivationsRequest(trained.Model, format, trained.PathOf(format), x, Device.Cpu);

            var cppLayers = await cpp.ActivationsAsync(request);
            var pythonLayers = await python.ActivationsAsync(request);

            cppLayers.Layers.Select(l => l.Name).Should().Equal(trained.Model.Layers.Select(l => l.Name), $"{format}: the archive's children are the spec's modules");
            SameTensors(cppLayers.Layers, pythonLayers.Layers);
        }
    }

    /// <summary>
    /// The text models with Adam, BERT with its eight harness dropout sites written out in both workers: two training steps
    /// from the same seed, then the identity probe's three steps from Python's weights, equal to the last bit.
    /// </summary>
    [LibTorchCppTheory]
    [InlineData(ModelZoo.Bert)]
    [InlineData(ModelZoo.Lstm)]
    public async Task Trains_and_steps_a_text_model_with_Adam_and_harness_dropout_exactly_as_Python(string model)
    {
        var spec = ModelZoo.Get(model);
        var data = DatasetCatalog.Default.Get(DatasetNames.Imdb, trainCount: 64, testCount: 24);
        var settings = new TrainingSettings(Epochs: 1, BatchSize: 32);
        TrainRequest Request(string binding) => new(spec, data, Seed: 5, settings, Device.Cpu, BatchOrder.Create(5, data.TrainCount, settings.Epochs),
            [new ModelExport(ModelFormat.Safetensors, Path.Combine(folder, $"{model}-{binding}.safetensors"))]);

        var cppRun = await cpp.TrainAsync(Request("cpp"));
        var pythonRun = await python.TrainAsync(Request("python"));
        var test = SafetensorsReader.Read(data.Path);
        var step = new TrainingStepRequest(spec, pythonRun.Exports[0].Path, Batches(test["test_x"], 3, 8), Batches(test["test_y"], 3, 8), Device.Cpu, Seed: 7);

        cppRun.StepLosses.Should().HaveCount(2).And.Equal(pythonRun.StepLosses);
        cppRun.FinalTestLogits.Should().Equal(pythonRun.FinalTestLogits);
        SameTensors(SafetensorsReader.Read(cppRun.Exports[0].Path).Tensors, SafetensorsReader.Read(pythonRun.Exports[0].Path).Tensors);
        SameSteps(await cpp.StepAsync(step), await python.StepAsync(step), steps: 3);
    }

    /// <summary>The first <paramref name="steps"/> × <paramref name="size"/> rows of <paramref name="split"/> as [steps, size, …] batches.</summary>
    private static NamedTensor Batches(NamedTensor split, int steps, int size)
    {
        var rows = split.FirstRows(steps * size);
        return new NamedTensor(rows.Name, rows.Dtype, [steps, size, .. rows.Shape.Skip(1)], rows.Data);
    }

    /// <summary>Every step's loss, the first step's logits and gradients and the weights after the last step, bit for bit.</summary>
    private static void SameSteps(TrainingStepResult actual, TrainingStepResult expected, int steps)
    {
        actual.Losses.Should().HaveCount(steps).And.Equal(expected.Losses);
        actual.Logits.Should().Equal(expected.Logits);
        SameTensors(actual.Gradients, expected.Gradients);
        SameTensors(actual.UpdatedWeights, expected.UpdatedWeights);
    }

    private static void SameTensors(IReadOnlyList<NamedTensor> actual, IReadOnlyList<NamedTensor> expected)
    {
        actual.Select(t => t.Name).Should().Equal(expected.Select(t => t.Name));
        foreach (var (a, e) in actual.Zip(expected))
            (a.Dtype, a.Shape, a.Data).Should().BeEquivalentTo((e.Dtype, e.Shape, e.Data), o => o.WithStrictOrdering(), a.Name);
    }
}
