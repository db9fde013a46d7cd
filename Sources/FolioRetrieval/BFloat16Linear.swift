import CDNNL
import CVectorMath
import Synchronization

/// `input · weightᵀ + bias` for one weight shape ([outputs, inputs], as PyTorch stores it), with
/// bfloat16 inputs and f32 sums and output, on oneDNN's AMX matrix kernel.
///
/// oneDNN picks a kernel per problem size, and for a row count left open until run time it
/// picks a generic, slower one; so rows go through in blocks of `blockRows` (one primitive made
/// at load), and a last, shorter block is padded to a multiple of 16 rows (one primitive per
/// padded size, made on first use). Every primitive runs on one thread: the embedder already
/// runs one batch per core.
///
/// Unchecked `Sendable`: oneDNN primitives are immutable once made and may run on several
/// threads at once; the lazily made ones sit behind a mutex.
final class BFloat16Linear: @unchecked Sendable {
    /// Rows per full block: where the AMX kernel was fastest on MiniLM's shapes (64 to 256 tried).
    static let blockRows = 128
    /// Rows of the last block are padded up to a multiple of this (an AMX tile's rows).
    static let tailRows = 16

    /// Columns of the input (the weight's second dimension).
    let inputs: Int
    /// Columns of the output.
    let outputs: Int
    /// Whether the exact GELU is applied to the output inside the kernel.
    let gelu: Bool
    /// oneDNN's name for the kernel of a full block, e.g. `brg:avx512_core_amx_bf16`.
    let kernel: String
    private let engine: OneDNNEngine
    private let block: OneDNNPrimitive
    /// The blocked bfloat16 layout the kernel wants its weights in.
    private let weightLayout: dnnl_memory_desc_t
    /// Primitives of padded last blocks by their row count; nil where oneDNN made none natively.
    private let tails = Mutex([Int: OneDNNPrimitive?]())

    /// A product of this shape on `engine`, or nil when oneDNN has no AMX kernel for it (no
    /// AMX on this CPU, a oneDNN build without it, or any error).
    /// With `gelu`, the product's output goes through the exact GELU in the same kernel (the
    /// encoder's widening product): a separate pass over it was a tenth of the encoder's time
    /// once the products ran on AMX.
    init?(engine: OneDNNEngine, inputs: Int, outputs: Int, gelu: Bool = false) {
        self.engine = engine
        self.inputs = inputs
        self.outputs = outputs
        self.gelu = gelu
        let made = OneDNNEngine.singleThreaded {
            Self.primitive(engine: engine, rows: Self.blockRows, inputs: inputs, outputs: outputs, weights: nil, gelu: gelu)
        }
        guard let made, Self.isNative(made.kernel), let layout = made.weightLayout else { return nil }
        block = made.primitive
        kernel = made.kernel
        weightLayout = layout
    }

    /// Whether a oneDNN kernel name is one of its AMX kernels. Its other bfloat16 kernels
    /// (`avx512_core_bf16`) measured slower here than OpenBLAS in f32, and on a CPU without
    /// bfloat16 instructions oneDNN emulates them: both are left to OpenBLAS.
    static func isNative(_ kernel: String) -> Bool {
        kernel.contains("amx")
    }

    /// A layer's weight ([outputs, inputs] floats) converted to bfloat16 in the kernel's
    /// layout, or nil if oneDNN failed.
    func pack(_ weight: [Float]) -> Packed? {
        precondition(weight.count == inputs * outputs)
        var plain = dnnl_memory_desc_t()
        // [inputs, outputs] stored column by column ("ba") is PyTorch's [outputs, inputs] row by row.
        guard OneDNNEngine.describe(&plain, rows: inputs, columns: outputs, type: dnnl_f32, layout: dnnl_ba) else {
            return nil
        }
        var layout = weightLayout
        let packed = Packed(linear: self, byteCount: dnnl_memory_desc_get_size(&layout))
        let copied = OneDNNEngine.singleThreaded {
            weight.withUnsafeBufferPointer { source in
                engine.reorder(from: plain, UnsafeMutableRawPointer(mutating: source.baseAddress!),
                               to: layout, packed.bytes)
            }
        }
        return copied ? packed : nil
    }

    /// `rows` rows of `input` times `weights` plus `bias` into `output` ([rows, outputs]);
    /// false if oneDNN failed, leaving `output` to be computed another way.
    func apply(_ input: UnsafePointer<Float>, rows: Int, weights: Packed, bias: UnsafePointer<Float>,
               into output: UnsafeMutablePointer<Float>) -> Bool {
        OneDNNEngine.singleThreaded {
            guard let stream = engine.stream() else { return false }
            defer { dnnl_stream_destroy(stream) }
            let source = UnsafeMutablePointer<UInt16>.allocate(capacity: Self.blockRows * inputs)
            source.initialize(repeating: 0, count: Self.blockRows * inputs)
            defer { source.deallocate() }
            var padded: [Float] = []
            var scratch = UnsafeMutableRawPointer.allocate(byteCount: max(block.scratchpadBytes, 1), alignment: 64)
            var scratchBytes = block.scratchpadBytes
            defer { scratch.deallocate() }
            var start = 0
            while start < rows {
                let count = min(Self.blockRows, rows - start)
                let blockRows = count == Self.blockRows
                    ? count : (count + Self.tailRows - 1) / Self.tailRows * Self.tailRows
                guard let primitive = blockRows == Self.blockRows ? block : tail(rows: blockRows) else { return false }
                Self.convert(input + start * inputs, to: source, count: count * inputs)
                let target: UnsafeMutablePointer<Float>
                if blockRows == count {
                    target = output + start * outputs
                } else {
                    if padded.count < blockRows * outputs { padded = [Float](repeating: 0, count: blockRows * outputs) }
                    target = padded.withUnsafeMutableBufferPointer { $0.baseAddress! }
                }
                if primitive.scratchpadBytes > scratchBytes {
                    scratch.deallocate()
                    scratch = UnsafeMutableRawPointer.allocate(byteCount: primitive.scratchpadBytes, alignment: 64)
                    scratchBytes = primitive.scratchpadBytes
                }
                guard run(primitive, rows: blockRows, source: source, weights: weights, bias: bias, target: target,
                          scratch: scratch, stream: stream) else { return false }
                if blockRows != count {
                    padded.withUnsafeBufferPointer { (output + start * outputs).update(from: $0.baseAddress!, count: count * outputs) }
                }
                start += count
            }
            return dnnl_stream_wait(stream) == dnnl_success
        }
    }

    /// A weight in the kernel's layout, in memory this object owns.
    final class Packed: @unchecked Sendable {
        /// The product these weights are laid out for.
        let linear: BFloat16Linear
        let bytes: UnsafeMutableRawPointer

        init(linear: BFloat16Linear, byteCount: Int) {
            self.linear = linear
            bytes = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        }

        deinit { bytes.deallocate() }
    }

    /// Rounds to the nearest bfloat16, ties to even (the inputs are finite).
    static func convert(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<UInt16>, count: Int) {
        folio_to_bfloat16(source, target, count)
    }

    private func tail(rows: Int) -> OneDNNPrimitive? {
        if let known = tails.withLock({ $0[rows] }) { return known }
        let made = Self.primitive(engine: engine, rows: rows, inputs: inputs, outputs: outputs, weights: weightLayout, gelu: gelu)
        let primitive = made.flatMap { Self.isNative($0.kernel) ? $0.primitive : nil }
        tails.withLock { $0[rows] = primitive }
        return primitive
    }

    private func run(_ primitive: OneDNNPrimitive, rows: Int, source: UnsafeMutablePointer<UInt16>, weights: Packed,
                     bias: UnsafePointer<Float>, target: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer,
                     stream: OpaquePointer) -> Bool {
        var sourceLayout = dnnl_memory_desc_t(), targetLayout = dnnl_memory_desc_t(), biasLayout = dnnl_memory_desc_t()
        guard OneDNNEngine.describe(&sourceLayout, rows: rows, columns: inputs, type: dnnl_bf16, layout: dnnl_ab),
              OneDNNEngine.describe(&targetLayout, rows: rows, columns: outputs, type: dnnl_f32, layout: dnnl_ab),
              OneDNNEngine.describe(&biasLayout, rows: 1, columns: outputs, type: dnnl_f32, layout: dnnl_ab) else { return false }
        var memories: [OpaquePointer?] = []
        defer { for memory in memories { dnnl_memory_destroy(memory) } }
        for (layout, pointer) in [(sourceLayout, UnsafeMutableRawPointer(source)), (weightLayout, weights.bytes),
                                  (biasLayout, UnsafeMutableRawPointer(mutating: bias)),
                                  (targetLayout, UnsafeMutableRawPointer(target)), (primitive.scratchpad, scratch)] {
            guard let memory = engine.memory(layout, pointer) else { return false }
            memories.append(memory)
        }
        let arguments = [
            dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: memories[0]),
            dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: memories[1]),
            dnnl_exec_arg_t(arg: DNNL_ARG_BIAS, memory: memories[2]),
            dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: memories[3]),
            dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: memories[4]),
        ]
        return dnnl_primitive_execute(primitive.handle, stream, Int32(arguments.count), arguments) == dnnl_success
    }

    /// A matmul primitive for `rows` × `inputs` bfloat16 times `inputs` × `outputs` bfloat16 plus
    /// an f32 bias row, into f32; the weights in `weights`' layout, or the kernel's choice when nil.
    private static func primitive(engine: OneDNNEngine, rows: Int, inputs: Int, outputs: Int,
                                  weights: dnnl_memory_desc_t?, gelu: Bool)
        -> (primitive: OneDNNPrimitive, kernel: String, weightLayout: dnnl_memory_desc_t?)? {
        var source = dnnl_memory_desc_t(), weight = dnnl_memory_desc_t(), bias = dnnl_memory_desc_t()
        var target = dnnl_memory_desc_t()
        guard OneDNNEngine.describe(&source, rows: rows, columns: inputs, type: dnnl_bf16, layout: dnnl_ab),
              OneDNNEngine.describe(&bias, rows: 1, columns: outputs, type: dnnl_f32, layout: dnnl_ab),
              OneDNNEngine.describe(&target, rows: rows, columns: outputs, type: dnnl_f32, layout: dnnl_ab) else { return nil }
        if let weights {
            weight = weights
        } else {
            guard OneDNNEngine.describe(&weight, rows: inputs, columns: outputs, type: dnnl_bf16,
                                        layout: dnnl_format_tag_any) else { return nil }
        }
        var operation = dnnl_matmul_desc_t()
        guard dnnl_matmul_desc_init(&operation, &source, &weight, &bias, &target) == dnnl_success else { return nil }
        return engine.primitive(&operation, gelu: gelu)
    }
}
