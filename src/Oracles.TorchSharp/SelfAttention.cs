using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// PyTorch's <c>nn.MultiheadAttention</c> self-attention (packed input projection, no mask, sequence-first) written out
/// as the Python worker's <c>SelfAttention</c> does, with the same parameter names (<c>in_proj_weight</c>,
/// <c>in_proj_bias</c>, <c>out_proj.*</c>) and initialisation order, so that the dropout of its attention weights draws
/// from the harness (<see cref="HarnessDropout"/>).
/// </summary>
internal sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly long heads;
    private readonly long head;
    private readonly Scalar headScale;
    private readonly Parameter in_proj_weight;
    private readonly Parameter in_proj_bias;
    private readonly Linear out_proj;
    private readonly HarnessDropout dropout;

    public SelfAttention(long modelSize, long heads, double dropout, long site) : base(nameof(SelfAttention))
    {
        if (modelSize % heads != 0) throw new OracleException($"d_model {modelSize} is not divisible by {heads} heads");
        this.heads = heads;
        head = modelSize / heads;
        // Held by the module: a Scalar made per call would be freed by the finalizer while libtorch reads it (KeptScalars).
        headScale = Math.Sqrt(head).ToScalar();
        in_proj_weight = new Parameter(torch.empty(3 * modelSize, modelSize));
        in_proj_bias = new Parameter(torch.empty(3 * modelSize));
        // As nn.MultiheadAttention: the output projection draws its default initialisation first, then the input
        // projection is Xavier-uniform and both biases are zero.
        out_proj = nn.Linear(modelSize, modelSize);
        this.dropout = new HarnessDropout(dropout, site);
        using (torch.no_grad())
        {
            nn.init.xavier_uniform_(in_proj_weight);
            nn.init.constant_(in_proj_bias, KeptScalars.Zero);
            nn.init.constant_(out_proj.bias!, KeptScalars.Zero);
        }
        register_parameter(nameof(in_proj_weight), in_proj_weight);
        register_parameter(nameof(in_proj_bias), in_proj_bias);
        register_module(nameof(out_proj), out_proj);
        register_module(nameof(this.dropout), this.dropout);
    }

    public override Tensor forward(Tensor input)
    {
        long length = input.shape[0], batch = input.shape[1], width = input.shape[2];
        using var scope = NewDisposeScope();
        var qkv = nn.functional.linear(input, in_proj_weight, in_proj_bias).chunk(3, -1);
        var q = qkv[0].contiguous().view(length, batch * heads, head).transpose(0, 1);
        var k = qkv[1].contiguous().view(length, batch * heads, head).transpose(0, 1);
        var v = qkv[2].contiguous().view(length, batch * heads, head).transpose(0, 1);
        var weights = dropout.call(torch.bmm(q.div(headScale), k.transpose(1, 2)).softmax(-1));
        var attended = torch.bmm(weights, v).transpose(0, 1).contiguous().view(length * batch, width);
        return out_proj.call(attended).view(length, batch, width).MoveToOuterDisposeScope();
    }
}
