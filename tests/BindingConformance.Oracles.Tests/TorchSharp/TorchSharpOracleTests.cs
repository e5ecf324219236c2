using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>The in-process TorchSharp oracle on real MNIST and IMDb data and on generated CIFAR-10 batches.</summary>
public sealed class TorchSharpOracleTests : IClassFixture<TorchSharpOracleTests.TrainedLeNet5>, IDisposable
{
    private readonly TrainedLeNet5 trained;
    // Single-threaded: see TorchSharpOracle's threads parameter for the NaN gradients seen with 2 threads.
    private readonly TorchSharpOracle oracle = new(threads: 1);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("torchsharp-oracle-");

    public TorchSharpOracleTests(TrainedLeNet5 trained) => this.trained = trained;

    public void Dispose() => folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(folder.FullName, name);

    /// <summary>LeNet-5 trained once at the smoke tier and exported in both formats, shared by the tests.</summary>
    public sealed class TrainedLeNet5 : IAsyncLifetime
    {
        public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("torchsharp-lenet5-");

        public ModelPlan Plan { get; } = ModelZoo.Plan(ModelZoo.LeNet5, ConformanceTier.Smoke);

        public DatasetRef Data { get; private set; } = null!;

        public TrainResult Result { get; private set; } = null!;

        public string NativePath => Path.Combine(Folder.FullName, "lenet5.dat");

        public string SafetensorsPath => Path.Combine(Folder.FullName, "lenet5.safetensors");

        public async Task InitializeAsync()
        {
            Data = DatasetCatalog.Default.Get(Plan.Model.Dataset, Plan.TrainCount, Plan.TestCount);
            Result = await new TorchSharpOracle(threads: 1).TrainAsync(new TrainRequest(Plan.Model, Data, Seed: 1, Plan.Settings, Device.Cpu,
                BatchOrder.Create(1, Data.TrainCount, Plan.Settings.Epochs),
                [new ModelExport(ModelFormat.TorchSharp, NativePath), new ModelExport(ModelFormat.Safetensors, SafetensorsPath)]));
        }

        public Task DisposeAsync()
        {
            Folder.Delete(recursive: true);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void Probe_loads_libtorch_and_reports_versions_and_cpu()
    {
        var availability = oracle.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Version.Should().StartWith("0.107.0 (libtorch ");
        availability.Engine.Should().Be(new BindingEngine("libtorch", torch.__version__), "TorchSharp drives the libtorch it ships");
        availability.Devices.Should().Contain(Device.Cpu);
        availability.Devices.Contains(Device.Cuda).Should().Be(torch.cuda.is_available());
        oracle.Binding.Should().Be(new BindingDescriptor("torchsharp", "pytorch", "csharp", IsDefault: false));
    }

    [Fact]
    public void Probe_blames_the_cpu_only_package_for_the_missing_cuda()
    {
        // Directory.Packages.props references TorchSharp-cpu, whose libtorch has no CUDA whatever the machine.
        var availability = oracle.Probe();

        availability.Devices.Should().NotContain(Device.Cuda);
        availability.WhyNot(Device.Cuda).Should().Be(
            $"CUDA not available for torchsharp: libtorch {torch.__version__} here is CPU-only (the TorchSharp-cpu package); " +
            "CUDA needs TorchSharp-cuda-linux or TorchSharp-cuda-windows");
    }

    [Fact]
    public void Smoke_LeNet5_learns_real_MNIST()
    {
        var result = trained.Result;

        result.TrainAccuracy.Should().HaveCount(trained.Plan.Settings.Epochs);
        result.TestAccuracy.Should().HaveCount(trained.Plan.Settings.Epochs);
        // Chance is 0.1; the smoke tier promises ≥ 0.90 on held-out digits.
        result.FinalTestAccuracy.Should().BeGreaterThanOrEqualTo(0.90);
        result.TestAccuracy[^1].Should().BeGreaterThanOrEqualTo(result.TestAccuracy[0] - 0.02);
        result.TrainingSeconds.Should().BePositive();
        result.BindingVersion.Should().StartWith("0.107.0");
    }

    [Fact]
    public async Task Smoke_LeNet1_learns_real_MNIST()
    {
        var plan = ModelZoo.Plan(ModelZoo.LeNet1, ConformanceTier.Smoke);
        var data = DatasetCatalog.Default.Get(plan.Model.Dataset, plan.TrainCount, plan.TestCount);

        var result = await oracle.TrainAsync(new TrainRequest(plan.Model, data, Seed: 2, plan.Settings, Device.Cpu,
            BatchOrder.Create(2, data.TrainCount, plan.Settings.Epochs), []));

        result.FinalTestAccuracy.Should().BeGreaterThanOrEqualTo(0.90);
    }

    [Fact]
    public async Task Same_seed_and_batch_order_reproduce_the_same_weights()
    {
        var data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 500, testCount: 100);
        var spec = ModelZoo.Get(ModelZoo.LeNet5);
        async Task<NamedTensor[]> TrainOnce(string name)
        {
            var path = PathOf(name);
            await oracle.TrainAsync(new TrainRequest(spec, data, Seed: 5, new TrainingSettings(1, 50), Device.Cpu,
                BatchOrder.Create(5, data.TrainCount, 1), [new ModelExport(ModelFormat.Safetensors, path)]));
            return SafetensorsReader.Read(path).Tensors.ToArray();
        }

        var first = await TrainOnce("first.safetensors");
        var second = await TrainOnce("second.safetensors");

        second.Select(t => t.Data).Should().BeEquivalentTo(first.Select(t => t.Data), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Safetensors_export_uses_PyTorch_state_dict_names()
    {
        var file = SafetensorsReader.Read(trained.SafetensorsPath);

        file.Tensors.Select(t => t.Name).Should().Equal(
            "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");
        file["conv1.weight"].Shape.Should().Equal(6, 1, 5, 5);
        file["fc1.weight"].Shape.Should().Equal(120, 400);
        file.Metadata["binding"].Should().Be("torchsharp");
    }

    [Theory]
    [InlineData(ModelFormat.TorchSharp)]
    [InlineData(ModelFormat.Safetensors)]
    public async Task Saved_model_reloads_with_the_trained_accuracy_stable_over_5_passes(ModelFormat format)
    {
        var path = format == ModelFormat.TorchSharp ? trained.NativePath : trained.SafetensorsPath;

        var result = await oracle.EvaluateAsync(new EvaluateRequest(trained.Plan.Model, trained.Data, format, path, Device.Cpu, Passes: 5));

        result.Count.Should().Be(trained.Data.TestCount);
        result.Classes.Should().Be(10);
        result.CorrectPerPass.Should().HaveCount(5);
        result.IsStable.Should().BeTrue();
        ((double)result.CorrectPerPass[0] / result.Count).Should().Be(trained.Result.FinalTestAccuracy);
        result.Logits.Should().HaveCount(result.Count * 10);
        result.PassSeconds.Should().HaveCount(5).And.OnlyContain(s => s > 0);
    }

    [Fact]
    public async Task Both_export_formats_give_bit_identical_logits()
    {
        var native = await oracle.EvaluateAsync(new EvaluateRequest(trained.Plan.Model, trained.Data, ModelFormat.TorchSharp, trained.NativePath, Device.Cpu, Passes: 1));
        var neutral = await oracle.EvaluateAsync(new EvaluateRequest(trained.Plan.Model, trained.Data, ModelFormat.Safetensors, trained.SafetensorsPath, Device.Cpu, Passes: 1));

        neutral.Logits.Should().Equal(native.Logits);
    }

    [Fact]
    public async Task PyTorch_TorchScript_and_safetensors_files_give_the_same_predictions()
    {
        // Fixtures written by Fixtures/make_lenet1_fixtures.py from one seeded PyTorch 1.13 module.
        var spec = ModelZoo.Get(ModelZoo.LeNet1);
        var data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 100, testCount: 500);
        string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TorchSharp", "Fixtures", name);

        var traced = await oracle.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.TorchScriptTraced, Fixture("lenet1.traced.pt"), Device.Cpu, Passes: 2));
        var scripted = await oracle.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.TorchScriptScripted, Fixture("lenet1.scripted.pt"), Device.Cpu, Passes: 2));
        var weights = await oracle.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.Safetensors, Fixture("lenet1.safetensors"), Device.Cpu, Passes: 2));

        scripted.CorrectPerPass.Should().Equal(traced.CorrectPerPass);
        weights.CorrectPerPass.Should().Equal(traced.CorrectPerPass);
        // Same libtorch kernels on the same weights; allow only float reassociation noise.
        for (var i = 0; i < traced.Logits.Length; i++)
        {
            scripted.Logits[i].Should().BeApproximately(traced.Logits[i], 1e-5f);
            weights.Logits[i].Should().BeApproximately(traced.Logits[i], 1e-5f);
        }
    }

    [Fact]
    public async Task Text_models_train_and_export_PyTorch_parameter_names()
    {
        var data = DatasetCatalog.Default.Get(DatasetNames.Imdb, trainCount: 64, testCount: 32);
        var names = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var model in new[] { ModelZoo.Lstm, ModelZoo.Gru, ModelZoo.Bert })
        {
            var spec = ModelZoo.Get(model);
            var path = PathOf($"{model}.safetensors");
            var result = await oracle.TrainAsync(new TrainRequest(spec, data, Seed: 3, new TrainingSettings(1, 32), Device.Cpu,
                BatchOrder.Create(3, data.TrainCount, 1), [new ModelExport(ModelFormat.Safetensors, path)]));
            result.TestAccuracy.Should().ContainSingle().Which.Should().BeInRange(0, 1);
            names[model] = SafetensorsReader.Read(path).Tensors.Select(t => t.Name).ToArray();
            var reloaded = await oracle.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.Safetensors, path, Device.Cpu, Passes: 2));
            ((double)reloaded.CorrectPerPass[0] / reloaded.Count).Should().Be(result.FinalTestAccuracy);
        }

        names[ModelZoo.Lstm].Should().Equal("embedding.weight", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "fc.weight", "fc.bias");
        names[ModelZoo.Gru].Should().Contain(["gru.weight_ih_l0", "gru.bias_hh_l0"]);
        names[ModelZoo.Bert].Should().Contain(["encoder.positions", "encoder.layers.0.self_attn.in_proj_weight",
            "encoder.layers.1.self_attn.out_proj.weight", "encoder.layers.1.linear2.bias", "encoder.layers.0.norm1.weight"]);
    }

    [Fact]
    public async Task Vgg16_dropout_and_batch_norm_are_off_in_evaluation()
    {
        // Dropout left active after eval() is the study's TorchSharp bug class: logits then change per pass.
        var source = Directory.CreateDirectory(PathOf("cifar"));
        var random = new Random(4);
        foreach (var file in Cifar10BinaryReader.TrainFiles.Append(Cifar10BinaryReader.TestFile))
        {
            var bytes = new byte[8 * Cifar10BinaryReader.RecordBytes];
            random.NextBytes(bytes);
            for (var r = 0; r < 8; r++) bytes[r * Cifar10BinaryReader.RecordBytes] = (byte)(r % 10);
            File.WriteAllBytes(Path.Combine(source.FullName, file), bytes);
        }
        var data = new DatasetCatalog(PathOf("cache"), DatasetSources.Default with { Cifar10 = source.FullName }).Get(DatasetNames.Cifar10);
        var spec = ModelZoo.Get(ModelZoo.Vgg16);
        var path = PathOf("vgg16.dat");
        await oracle.TrainAsync(new TrainRequest(spec, data, Seed: 4, new TrainingSettings(1, 8), Device.Cpu,
            BatchOrder.Create(4, data.TrainCount, 1), [new ModelExport(ModelFormat.TorchSharp, path)]));

        var first = await oracle.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.TorchSharp, path, Device.Cpu, Passes: 5));
        var second = await oracle.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.TorchSharp, path, Device.Cpu, Passes: 5));

        first.IsStable.Should().BeTrue();
        second.Logits.Should().Equal(first.Logits);
    }

    [Fact]
    public async Task Truncated_corrupt_and_missing_files_fail_with_the_path_and_cause()
    {
        var spec = trained.Plan.Model;
        var truncatedNative = PathOf("truncated.dat");
        File.WriteAllBytes(truncatedNative, File.ReadAllBytes(trained.NativePath)[..^100]);
        var truncatedSafetensors = PathOf("truncated.safetensors");
        File.WriteAllBytes(truncatedSafetensors, File.ReadAllBytes(trained.SafetensorsPath)[..^100]);
        var garbageScript = PathOf("garbage.pt");
        File.WriteAllBytes(garbageScript, "not a zip archive"u8.ToArray());

        Task Evaluate(ModelFormat format, string path) =>
            oracle.EvaluateAsync(new EvaluateRequest(spec, trained.Data, format, path, Device.Cpu));

        (await FluentActions.Awaiting(() => Evaluate(ModelFormat.TorchSharp, truncatedNative)).Should().ThrowAsync<OracleException>())
            .WithMessage($"torchsharp could not load TorchSharp file {truncatedNative} as LeNet5: *");
        (await FluentActions.Awaiting(() => Evaluate(ModelFormat.Safetensors, truncatedSafetensors)).Should().ThrowAsync<OracleException>())
            .WithMessage($"*{truncatedSafetensors}: not a valid safetensors file: *outside the*data buffer*");
        (await FluentActions.Awaiting(() => Evaluate(ModelFormat.TorchScriptTraced, garbageScript)).Should().ThrowAsync<OracleException>())
            .WithMessage($"torchsharp could not load TorchScriptTraced file {garbageScript} as LeNet5: *");
        (await FluentActions.Awaiting(() => Evaluate(ModelFormat.TorchSharp, PathOf("absent.dat"))).Should().ThrowAsync<OracleException>())
            .WithMessage("TorchSharp file not found: *absent.dat");
        (await FluentActions.Awaiting(() => Evaluate(ModelFormat.Onnx, trained.NativePath)).Should().ThrowAsync<OracleException>())
            .WithMessage("torchsharp cannot load Onnx files");
    }

    [Fact]
    public async Task TorchSharp_file_with_trailing_bytes_is_refused_before_TorchSharp_loads_it()
    {
        // TorchSharp's own loader ignores what follows the last entry; the shared rule (docs/formats.md) refuses it.
        var trailing = PathOf("trailing.dat");
        File.WriteAllBytes(trailing, [.. File.ReadAllBytes(trained.NativePath), 0]);

        var act = () => oracle.EvaluateAsync(new EvaluateRequest(trained.Plan.Model, trained.Data, ModelFormat.TorchSharp, trailing, Device.Cpu));

        (await act.Should().ThrowAsync<OracleException>())
            .WithMessage($"torchsharp could not load TorchSharp file {trailing} as LeNet5: {trailing}: not a valid torchsharp file: at byte *: 1 bytes left over after 10 entries")
            .WithInnerException<WeightFileFormatException>().Which.Violation.Should().Be(FormatViolation.TrailingBytes);
    }

    [Fact]
    public async Task Weights_of_another_model_are_rejected_naming_the_mismatch()
    {
        var lenet1 = ModelZoo.Get(ModelZoo.LeNet1);
        var otherModel = () => oracle.EvaluateAsync(new EvaluateRequest(lenet1, trained.Data, ModelFormat.Safetensors, trained.SafetensorsPath, Device.Cpu));

        (await otherModel.Should().ThrowAsync<OracleException>())
            .WithMessage("*lenet5.safetensors does not match model LeNet1: missing [fc.weight, fc.bias], unexpected [fc1.weight, fc1.bias, fc2.weight, *]");
    }

    [Fact]
    public async Task Weights_of_the_wrong_shape_are_rejected_naming_the_tensor()
    {
        var reshaped = PathOf("reshaped.safetensors");
        SafetensorsWriter.Write(reshaped, SafetensorsReader.Read(trained.SafetensorsPath).Tensors
            .Select(t => t.Name == "conv1.weight" ? new NamedTensor(t.Name, t.Dtype, [6, 25], t.Data) : t));
        var act = () => oracle.EvaluateAsync(new EvaluateRequest(trained.Plan.Model, trained.Data, ModelFormat.Safetensors, reshaped, Device.Cpu));

        (await act.Should().ThrowAsync<OracleException>())
            .WithMessage($"{reshaped}: tensor 'conv1.weight' has shape [6, 25], model LeNet5 expects [6, 1, 5, 5]");
    }

    [Fact]
    public async Task Wrong_shape_input_and_bad_batch_order_are_rejected()
    {
        var text = DatasetCatalog.Default.Get(DatasetNames.Imdb, trainCount: 64, testCount: 32);
        var spec = trained.Plan.Model;

        (await FluentActions.Awaiting(() => oracle.EvaluateAsync(new EvaluateRequest(spec, text, ModelFormat.Safetensors, trained.SafetensorsPath, Device.Cpu)))
            .Should().ThrowAsync<OracleException>())
            .WithMessage("dataset imdb has examples of shape [32] but model LeNet5 expects [1, 28, 28]");
        (await FluentActions.Awaiting(() => oracle.TrainAsync(new TrainRequest(spec, trained.Data, 1, new TrainingSettings(1, 32), Device.Cpu,
                BatchOrder.Create(1, 10, 1), [])))
            .Should().ThrowAsync<OracleException>())
            .WithMessage($"batch order permutes 10 examples but mnist has {trained.Data.TrainCount} training examples");
    }
}
