using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>
/// The probe, through tfjs's shipped manifest and the generic worker oracle, really starts Node and loads TensorFlow.js,
/// reads what its hello declares, and says what to do when it cannot.
/// </summary>
public sealed class TfjsProbeTests
{
    [TfjsFact]
    public async Task Probe_starts_node_and_reports_tfjs_4_22_on_cpu()
    {
        await using var oracle = ShippedWorkers.Tfjs();

        var availability = oracle.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Binding.Should().Be(new BindingDescriptor("tfjs", "tensorflow", "javascript", IsDefault: false));
        availability.Version.Should().Be("4.22.0");
        availability.Engine.Should().Be(new BindingEngine("tfjs-backend-cpu", "4.22.0"));
        availability.Devices.Should().Equal(Device.Cpu);
        availability.WhyNot(Device.Cuda).Should().Be(
            "CUDA not available for tfjs: tfjs runs on its cpu and wasm backends here; CUDA needs @tensorflow/tfjs-node-gpu, which is not installed");
    }

    [TfjsFact]
    public async Task Its_hello_declares_what_the_tfjs_oracle_used_to_hard_code()
    {
        await using var oracle = ShippedWorkers.Tfjs();

        var capabilities = oracle.Capabilities;

        capabilities.CanTrain.Should().BeTrue();
        capabilities.Models.Should().Equal(ModelZoo.LeNet1, ModelZoo.LeNet5, ModelZoo.Vgg16, ModelZoo.Lstm, ModelZoo.Gru)
            .And.NotContain(ModelZoo.Bert, "tf.layers 4.22 has no multi-head attention");
        capabilities.SaveFormats.Should().Equal(ModelFormat.TfjsLayers, ModelFormat.Safetensors);
        capabilities.LoadFormats.Should().Equal(ModelFormat.TfjsLayers, ModelFormat.Safetensors);
        capabilities.ActivationFormats.Should().Equal(ModelFormat.TfjsLayers, ModelFormat.Safetensors);
        capabilities.AlternateBackends.Should().Equal("wasm");
        capabilities.ExecutionModes.Should().Equal(ExecutionMode.Eager, ExecutionMode.Layers);
        capabilities.SlowTraining.Should().BeTrue("pure-JS training takes minutes where the PyTorch bindings take seconds");
    }

    [TfjsFact]
    public async Task The_training_step_probe_is_refused_because_its_hello_does_not_declare_it()
    {
        await using var oracle = ShippedWorkers.Tfjs();
        var model = ModelZoo.Get(ModelZoo.LeNet1);
        var request = new TrainingStepRequest(model, "/nonexistent/weights.safetensors",
            NamedTensor.FromFloats("x", new float[28 * 28], 1, 1, 28, 28), NamedTensor.FromInt64("y", [3], 1), Device.Cpu, Seed: 1);

        var step = () => oracle.StepAsync(request);

        (await step.Should().ThrowAsync<OracleException>()).Which.Message
            .Should().Be("tfjs does not run the training-step probe: its hello does not declare training_step");
    }

    [Fact]
    public async Task Probe_without_the_npm_packages_names_the_folder_and_the_install_command()
    {
        var empty = Directory.CreateTempSubdirectory("tfjs-no-modules-").FullName;
        try
        {
            await using var oracle = ShippedWorkers.Tfjs(packages: empty);

            var availability = oracle.Probe();

            availability.Available.Should().BeFalse();
            availability.Reason.Should().Contain("@tensorflow/tfjs").And.Contain(empty);
            availability.Fix.Should().Contain("bootstrap.sh");
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Probe_without_node_names_the_missing_executable()
    {
        const string missing = "/nonexistent/bin/node";
        await using var oracle = ShippedWorkers.Tfjs(node: missing);

        var availability = oracle.Probe();

        availability.Available.Should().BeFalse();
        availability.Reason.Should().Contain(missing);
        availability.Fix.Should().Contain("Node.js");
    }
}
