<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccuracyTracker</name>
    <message>
        <source>with them off: {accuracy}</source>
        <translation>关闭它们后：{accuracy}</translation>
    </message>
    <message>
        <source> (with all on: {accuracy})</source>
        <translation>（全部开启时：{accuracy}）</translation>
    </message>
    <message>
        <source>Validation accuracy {value}.</source>
        <translation>验证集准确率 {value}。</translation>
    </message>
    <message>
        <source>Validation accuracy {value} at step {step:,}.</source>
        <translation>第 {step:,} 步时的验证集准确率 {value}。</translation>
    </message>
    <message>
        <source>Not evaluated yet at step {now:,} (validation accuracy {value} at step {step:,}).</source>
        <translation>第 {now:,} 步尚未评估（第 {step:,} 步时验证集准确率为 {value}）。</translation>
    </message>
</context>
<context>
    <name>AttributionView</name>
    <message>
        <source>Gradient saliency: pixels where a small change moves the class score most.</source>
        <translation>梯度显著图：像素的微小变化对类别得分影响最大的地方。</translation>
    </message>
    <message>
        <source>Grad-CAM: where the chosen layer&apos;s features that support the class are active.</source>
        <translation>Grad-CAM：所选层中支持该类别的特征在哪里被激活。</translation>
    </message>
    <message>
        <source>Occlusion: how much the class probability drops when a grey square hides each place (no gradients: a cross-check).</source>
        <translation>遮挡：用灰色方块遮住每个位置时，该类别的概率下降多少（不用梯度，可用来交叉验证）。</translation>
    </message>
    <message>
        <source>The class whose evidence is shown.</source>
        <translation>显示哪个类别的依据。</translation>
    </message>
    <message>
        <source>The layer Grad-CAM looks at (any layer with feature maps).</source>
        <translation>Grad-CAM 所观察的层（任何输出特征图的层）。</translation>
    </message>
    <message>
        <source>Opacity of the heat maps over the image.</source>
        <translation>热力图叠加在图像上的不透明度。</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Grad-CAM on</source>
        <translation>Grad-CAM 层</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>No image chosen: pick one in Feature maps or Evaluation.</source>
        <translation>尚未选择图像：请在“特征图”或“评估”中选一张。</translation>
    </message>
    <message>
        <source>Saliency</source>
        <translation>显著图</translation>
    </message>
    <message>
        <source>relative sensitivity</source>
        <translation>相对敏感度</translation>
    </message>
    <message>
        <source>relative evidence</source>
        <translation>相对依据</translation>
    </message>
    <message>
        <source>Occlusion</source>
        <translation>遮挡</translation>
    </message>
    <message>
        <source>probability drop (% points)</source>
        <translation>概率下降（百分点）</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>预测的类别</translation>
    </message>
    <message>
        <source>Last conv layer</source>
        <translation>最后一个卷积层</translation>
    </message>
    <message>
        <source>Could not explain this image: {reason}</source>
        <translation>无法解释这张图像：{reason}</translation>
    </message>
    <message>
        <source> Layer #{index}.</source>
        <translation> 第 #{index} 层。</translation>
    </message>
    <message>
        <source>Grad-CAM is not available: {reason}</source>
        <translation>Grad-CAM 不可用：{reason}</translation>
    </message>
    <message>
        <source> Red: hiding lowers it; blue: raises it ({size}×{size} square).</source>
        <translation> 红色：遮住后概率降低；蓝色：遮住后概率升高（{size}×{size} 方块）。</translation>
    </message>
    <message>
        <source>true class: {name}</source>
        <translation>真实类别：{name}</translation>
    </message>
    <message>
        <source>predicted: {name} ({p:.0%})</source>
        <translation>预测：{name}（{p:.0%}）</translation>
    </message>
    <message>
        <source>explaining: {name} ({p:.0%})</source>
        <translation>解释：{name}（{p:.0%}）</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
</context>
<context>
    <name>ChannelPager</name>
    <message>
        <source>Wide layers are shown {0} channels at a time: pick which page.</source>
        <extracomment>Channels drawn at once; wider layers (512 channels of resnet18&apos;s layer4) are shown a page at a time.</extracomment>
        <translation>通道很多的层每次显示 {0} 个通道：在这里选择第几页。</translation>
    </message>
    <message>
        <source>Channels page</source>
        <translation>通道页</translation>
    </message>
</context>
<context>
    <name>ClassBars</name>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>ColormapCombo</name>
    <message>
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
</context>
<context>
    <name>ConfusionPlot</name>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>fraction of the true class</source>
        <translation>占真实类别的比例</translation>
    </message>
    <message>
        <source>images</source>
        <translation>图像数</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>Small photos of 10 things (plane, car, bird, cat, ...), 32x32 RGB, 50,000 training and 10,000 test images.</source>
        <translation>10 类物体的小照片（飞机、汽车、鸟、猫……），32x32 彩色，50,000 张训练图像和 10,000 张测试图像。</translation>
    </message>
    <message>
        <source>Small photos of 100 kinds of things, 32x32 RGB, 50,000 + 10,000 images: much harder than CIFAR-10.</source>
        <translation>100 类物体的小照片，32x32 彩色，50,000 + 10,000 张图像：比 CIFAR-10 难得多。</translation>
    </message>
    <message>
        <source>{path} is damaged or not the expected file ({reason}): delete it and download it again, or replace it with the original</source>
        <translation>{path} 已损坏或不是预期的文件（{reason}）：请删除后重新下载，或者换成原始文件</translation>
    </message>
    <message>
        <source>the data folder {root} cannot be used: {folder} is a file, not a folder (set the data folder, or ${env}, to a folder)</source>
        <translation>数据文件夹 {root} 无法使用：{folder} 是一个文件而不是文件夹（请把数据文件夹或 ${env} 设为一个文件夹）</translation>
    </message>
    <message>
        <source>cannot reach the data folder {root} ({reason})</source>
        <translation>无法访问数据文件夹 {root}（{reason}）</translation>
    </message>
    <message>
        <source>Zalando clothing photos in 10 classes (shirt, sneaker, bag, ...), 28x28 grayscale, 60,000 + 10,000 images.</source>
        <translation>Zalando 的服饰照片，共 10 类（衬衫、运动鞋、包……），28x28 灰度，60,000 + 10,000 张图像。</translation>
    </message>
    <message>
        <source>Images from the folder {name}, one sub-folder per class.</source>
        <translation>来自文件夹 {name} 的图像，每个类别一个子文件夹。</translation>
    </message>
    <message>
        <source>the image size and grayscale choices are for image folders: {name}&apos;s images are {c}×{h}×{w}, so leave them out</source>
        <translation>图像尺寸和灰度选项只适用于图像文件夹：{name} 的图像是 {c}×{h}×{w}，请不要设置它们</translation>
    </message>
    <message>
        <source>Handwritten Japanese (Kuzushiji) characters in 10 classes, 28x28 grayscale, 60,000 + 10,000 images.</source>
        <translation>手写日文古字（くずし字），共 10 类，28x28 灰度，60,000 + 10,000 张图像。</translation>
    </message>
    <message>
        <source>{title} is not in {where} and could not be downloaded (no internet? {failure}): put {what} in {where}</source>
        <translation>{where} 中没有 {title}，而且无法下载（没有联网？{failure}）：请把 {what} 放到 {where}</translation>
    </message>
    <message>
        <source>{title} is not in {where} (downloading is turned off): put {what} in {where}</source>
        <translation>{where} 中没有 {title}（下载已关闭）：请把 {what} 放到 {where}</translation>
    </message>
    <message>
        <source>Handwritten digits 0-9, 28x28 grayscale, 60,000 training and 10,000 test images.</source>
        <translation>手写数字 0-9，28x28 灰度，60,000 张训练图像和 10,000 张测试图像。</translation>
    </message>
    <message>
        <source>{path} has no class folders with images (no images were found): put each class&apos;s images in its own sub-folder, e.g. {cat} and {dog}</source>
        <translation>{path} 中没有装着图像的类别文件夹（没有找到图像）：请把每个类别的图像放进各自的子文件夹，例如 {cat} 和 {dog}</translation>
    </message>
    <message>
        <source>{path} has no class folders with images (the images are not sorted into class sub-folders): put each class&apos;s images in its own sub-folder, e.g. {cat} and {dog}</source>
        <translation>{path} 中没有装着图像的类别文件夹（图像没有按类别分到子文件夹中）：请把每个类别的图像放进各自的子文件夹，例如 {cat} 和 {dog}</translation>
    </message>
    <message>
        <source>none of the {count} image files in {path} could be read: check that they are real image files</source>
        <translation>{path} 中的 {count} 个图像文件都无法读取：请确认它们是真正的图像文件</translation>
    </message>
    <message>
        <source>{path} is not a folder: give a folder with one sub-folder of images per class</source>
        <translation>{path} 不是文件夹：请指定一个文件夹，其中每个类别的图像放在各自的子文件夹里</translation>
    </message>
    <message>
        <source>{path} is not a folder: give a folder with one sub-folder of images per class, or one of {names}</source>
        <translation>{path} 不是文件夹：请指定一个文件夹，其中每个类别的图像放在各自的子文件夹里，或者选择 {names} 之一</translation>
    </message>
    <message>
        <source>{path} has images for only one class (&apos;{name}&apos;): a classifier needs at least two, so add a sub-folder of images for each class</source>
        <translation>{path} 只有一个类别（“{name}”）的图像：分类器至少需要两个类别，请为每个类别添加一个图像子文件夹</translation>
    </message>
    <message>
        <source>Built-in: 10 kinds of drawn shapes (circle, ring, star, arrow, ...) on cluttered colour backgrounds, 32x32 RGB, generated offline in about a second.</source>
        <translation>内置：画在杂乱彩色背景上的 10 种形状（圆、环、星、箭头……），32x32 彩色，离线生成，约需一秒。</translation>
    </message>
    <message>
        <source>the images in {folder} are not all the same size (e.g. {a} and {b}): choose a size such as {choice}</source>
        <translation>{folder} 中的图像尺寸不一致（例如 {a} 和 {b}）：请选择一个尺寸，例如 {choice}</translation>
    </message>
    <message>
        <source>House-number digits cropped from Street View photos, 32x32 RGB, 73,257 + 26,032 images (needs SciPy).</source>
        <translation>从街景照片中裁出的门牌号数字，32x32 彩色，73,257 + 26,032 张图像（需要 SciPy）。</translation>
    </message>
    <message>
        <source>reading SVHN needs SciPy, which is not installed: run `pip install scipy` and try again</source>
        <translation>读取 SVHN 需要 SciPy，但它没有安装：请运行 `pip install scipy` 后重试</translation>
    </message>
    <message>
        <source>{path} has readable training images for fewer than two classes: add readable images for each class</source>
        <translation>{path} 中可读取的训练图像不足两个类别：请为每个类别添加可读取的图像</translation>
    </message>
    <message>
        <source>{n:,} colour images of {w}×{h} pixels from {folder} need about {need} of memory to load, but only {have} is available: choose a smaller image size or grayscale</source>
        <translation>从 {folder} 加载 {n:,} 张 {w}×{h} 像素的彩色图像大约需要 {need} 内存，但只有 {have} 可用：请选择更小的图像尺寸或使用灰度</translation>
    </message>
    <message>
        <source>{n:,} grayscale images of {w}×{h} pixels from {folder} need about {need} of memory to load, but only {have} is available: choose a smaller image size or grayscale</source>
        <translation>从 {folder} 加载 {n:,} 张 {w}×{h} 像素的灰度图像大约需要 {need} 内存，但只有 {have} 可用：请选择更小的图像尺寸或使用灰度</translation>
    </message>
    <message>
        <source>unknown dataset &apos;{name}&apos;: choose one of {names} or give a folder of images</source>
        <translation>未知的数据集“{name}”：请从 {names} 中选择，或者指定一个图像文件夹</translation>
    </message>
    <message>
        <source>cannot read the folder {path} ({reason}): check that it exists and that you may read it</source>
        <translation>无法读取文件夹 {path}（{reason}）：请确认它存在并且你有读取权限</translation>
    </message>
    <message>
        <source>bad address {url}</source>
        <translation>地址有误：{url}</translation>
    </message>
    <message>
        <source>{name} arrived damaged (checksum mismatch)</source>
        <translation>{name} 下载后已损坏（校验和不符）</translation>
    </message>
    <message>
        <source>looking up {host} timed out</source>
        <translation>查找 {host} 超时</translation>
    </message>
    <message>
        <source>cannot reach {host}</source>
        <translation>无法连接 {host}</translation>
    </message>
    <message>
        <source>The device ran out of memory; try a smaller batch size or a smaller network.</source>
        <translation>设备内存不足；请减小批大小或使用更小的网络。</translation>
    </message>
    <message>
        <source>the run&apos;s model cannot be rebuilt for {dataset} images: {reason}</source>
        <translation>无法为 {dataset} 的图像重建这次运行的模型：{reason}</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>Checking the export</source>
        <translation>正在校验导出结果</translation>
    </message>
    <message>
        <source>cannot write {path}: part of its folder path is a file, not a folder</source>
        <translation>无法写入 {path}：它的文件夹路径中有一部分是文件而不是文件夹</translation>
    </message>
    <message>
        <source>layer {index} ({what}) cannot be written as PyTorch code yet: its kind declares no code rule; export the network as ONNX or TorchScript instead</source>
        <translation>第 {index} 层（{what}）暂时还不能写成 PyTorch 代码：它的层类型没有声明代码规则；请把网络导出为 ONNX 或 TorchScript</translation>
    </message>
    <message>
        <source>the run has neither a network spec nor a model source, so its model cannot be rebuilt</source>
        <translation>这次运行既没有网络描述也没有模型来源，因此无法重建它的模型</translation>
    </message>
    <message>
        <source>the model returns {type} rather than one batch of logits, so its export cannot be checked; only classifiers can be exported</source>
        <translation>模型返回的是 {type}，而不是一批 logits，因此无法检查导出结果；只能导出分类器</translation>
    </message>
    <message>
        <source>the model cannot be traced to TorchScript: {reason}</source>
        <translation>无法把模型追踪（trace）为 TorchScript：{reason}</translation>
    </message>
    <message>
        <source>the model cannot be exported to ONNX: {reason}</source>
        <translation>无法把模型导出为 ONNX：{reason}</translation>
    </message>
    <message>
        <source>Preparing test images</source>
        <translation>正在准备测试图像</translation>
    </message>
    <message>
        <source>only a network built in the studio (from a spec) can be written as a training script; export this model as ONNX, TorchScript or a state_dict instead</source>
        <translation>只有在本工作室中（由网络描述）搭建的网络才能写成训练脚本；请把这个模型导出为 ONNX、TorchScript 或 state_dict</translation>
    </message>
    <message>
        <source>the script file {path} should end in .py: it is Python code</source>
        <translation>脚本文件 {path} 应以 .py 结尾：它是 Python 代码</translation>
    </message>
    <message>
        <source>the run</source>
        <translation>这次运行</translation>
    </message>
    <message>
        <source>the run&apos;s network cannot take {dataset} images: {reason}</source>
        <translation>这次运行的网络不能接受 {dataset} 的图像：{reason}</translation>
    </message>
    <message>
        <source>cannot tell the network&apos;s input shape from the dataset {dataset!r}: {reason}</source>
        <translation>无法从数据集 {dataset!r} 得知网络的输入形状：{reason}</translation>
    </message>
    <message>
        <source>the weights in {source} do not fit its network on {dataset}: {reason}</source>
        <translation>{source} 中的权重与它在 {dataset} 上的网络不匹配：{reason}</translation>
    </message>
    <message>
        <source>Writing {format}</source>
        <translation>正在写入 {format}</translation>
    </message>
    <message>
        <source>{title} takes {model_channels}-channel images, and this dataset has {channels} channels</source>
        <translation>{title} 接受 {model_channels} 通道的图像，而这个数据集有 {channels} 个通道</translation>
    </message>
    <message>
        <source>Most units of {layer} are dead: {fraction:.0%} output zero for every image; lower the learning rate or use LeakyReLU or BatchNorm.</source>
        <translation>{layer}的大部分单元已“死亡”：{fraction:.0%} 的单元对每张图像都输出零；请降低学习率，或改用 LeakyReLU 或加入 BatchNorm。</translation>
    </message>
    <message>
        <source>Gradients explode: {layer} has a gradient norm of {norm:.2g}; lower the learning rate or clip gradients.</source>
        <translation>梯度爆炸：{layer}的梯度范数达到 {norm:.2g}；请降低学习率或进行梯度裁剪。</translation>
    </message>
    <message>
        <source>Gradients explode: {first} gets {factor} times larger gradients than {last}; lower the learning rate or add BatchNorm.</source>
        <translation>梯度爆炸：{first}得到的梯度是{last}的 {factor} 倍；请降低学习率或加入 BatchNorm。</translation>
    </message>
    <message>
        <source>infinitely many</source>
        <translation>无穷多</translation>
    </message>
    <message>
        <source>layer {index} ({label})</source>
        <translation>第 {index} 层（{label}）</translation>
    </message>
    <message>
        <source>The learning rate is probably too large: one step changes the weights of {layer} by {ratio:.0%} (about 0.1% is healthy).</source>
        <translation>学习率可能过大：一步更新就让{layer}的权重改变了 {ratio:.0%}（约 0.1% 才算健康）。</translation>
    </message>
    <message>
        <source>{path} ({label})</source>
        <translation>{path}（{label}）</translation>
    </message>
    <message>
        <source>No gradient reaches {layer} (its gradient is exactly zero), so it cannot learn; look for dead units or saturated activations between it and the output.</source>
        <translation>没有梯度到达{layer}（它的梯度恰好为零），所以它无法学习；请检查它与输出之间是否有死亡单元或饱和的激活函数。</translation>
    </message>
    <message>
        <source>Gradients are not finite (NaN or infinity) in {layer}: training has diverged; lower the learning rate.</source>
        <translation>{layer}的梯度不是有限值（NaN 或无穷大）：训练已发散；请降低学习率。</translation>
    </message>
    <message>
        <source>Gradients vanish: {first} gets {factor} times smaller gradients than {last}, so the early layers barely learn; use ReLU instead of sigmoid or tanh, add BatchNorm, or use a shallower or residual network.</source>
        <translation>梯度消失：{first}得到的梯度只有{last}的 {factor} 分之一，前面的层几乎学不到东西；请用 ReLU 代替 sigmoid 或 tanh、加入 BatchNorm，或使用更浅的网络或残差网络。</translation>
    </message>
    <message>
        <source>The file {name} does not exist.</source>
        <translation>文件 {name} 不存在。</translation>
    </message>
    <message>
        <source>{name} is not an image file this app can read.</source>
        <translation>{name} 不是本程序能读取的图像文件。</translation>
    </message>
    <message>
        <source>{name} could not be read as an image: {reason}</source>
        <translation>无法把 {name} 当作图像读取：{reason}</translation>
    </message>
    <message>
        <source>An element-wise non-linearity, one of ``ACTIVATIONS``.</source>
        <translation>激活函数：对每个值逐一施加的非线性变换。</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>LeakyReLU</source>
        <translation>LeakyReLU</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Activation: the non-linearity applied to every value. ReLU is the usual choice.</source>
        <translation>激活函数：对每个值施加的非线性变换。通常选择 ReLU。</translation>
    </message>
    <message>
        <source>Batch normalisation (2-D after convs, 1-D after a flatten).</source>
        <translation>批归一化（卷积层之后用 2-D，展平之后用 1-D）。</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Bias: add a learnable constant to each output channel (off when BatchNorm follows).</source>
        <translation>偏置：给每个输出通道加一个可学习的常数（后面接 BatchNorm 时关闭）。</translation>
    </message>
    <message>
        <source>2-D convolution; input channels are inferred.</source>
        <translation>二维卷积层；输入通道数自动推断。</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Kernel size: the width and height of the window each filter looks at. Typical 3 or 5.</source>
        <translation>卷积核大小：每个滤波器所看窗口的宽和高。常用 3 或 5。</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>Output channels: how many filters (feature maps) this layer learns. Typical 8–256.</source>
        <translation>输出通道数：这一层学习多少个滤波器（即输出多少张特征图）。常用 8–256。</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Padding: zeros added around the input so the output keeps its size; k//2 keeps it.</source>
        <translation>填充：在输入四周补零，使输出保持尺寸；取 k//2 即可保持不变。</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Stride: how many pixels the window moves each time; 2 halves the height and width.</source>
        <translation>步幅：窗口每次移动的像素数；取 2 会让高和宽减半。</translation>
    </message>
    <message>
        <source>{n} ch</source>
        <translation>{n} 通道</translation>
    </message>
    <message>
        <source>{n} groups</source>
        <translation>{n} 组</translation>
    </message>
    <message>
        <source>no bias</source>
        <translation>无偏置</translation>
    </message>
    <message>
        <source>{n} outputs</source>
        <translation>{n} 个输出</translation>
    </message>
    <message>
        <source>pad {n}</source>
        <translation>填充 {n}</translation>
    </message>
    <message>
        <source>stride {n}</source>
        <translation>步幅 {n}</translation>
    </message>
    <message>
        <source>Zero each activation with probability ``p`` while training.</source>
        <translation>训练时以概率 p 把每个激活值置零。</translation>
    </message>
    <message>
        <source>Drop prob.</source>
        <translation>丢弃概率</translation>
    </message>
    <message>
        <source>Dropout probability: the share of activations zeroed at random while training. Typical 0.1–0.5; higher fights overfitting but slows learning.</source>
        <translation>Dropout 概率：训练时随机置零的激活值所占比例。常用 0.1–0.5；越高越能抑制过拟合，但学习也越慢。</translation>
    </message>
    <message>
        <source>Turn C×H×W feature maps into one vector.</source>
        <translation>把 C×H×W 的特征图展平成一个向量。</translation>
    </message>
    <message>
        <source>Average each channel over all positions: C×H×W -&gt; C.</source>
        <translation>全局平均池化：对每个通道的所有位置求平均：C×H×W -&gt; C。</translation>
    </message>
    <message>
        <source>Group normalisation: normalise each group of channels of each image on its own.</source>
        <translation>组归一化：对每张图像的每组通道分别做归一化。</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>组数</translation>
    </message>
    <message>
        <source>Groups: the channels are normalised in this many groups; it must divide the input&apos;s channels. 1 is LayerNorm over C×H×W, one group per channel is InstanceNorm.</source>
        <translation>组数：把通道分成这么多组分别归一化；必须能整除输入通道数。取 1 相当于对 C×H×W 做层归一化（LayerNorm），每个通道一组相当于实例归一化（InstanceNorm）。</translation>
    </message>
    <message>
        <source>Fully connected layer; ``out_features`` is a number or ``&quot;classes&quot;``.</source>
        <translation>全连接层；输出数可以是一个数字，也可以是 &quot;classes&quot;（类别数）。</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>输出数</translation>
    </message>
    <message>
        <source>{path} is not valid JSON ({reason})</source>
        <translation>{path} 不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <source>cannot read the lesson file {path}: {reason}</source>
        <translation>无法读取课程文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>{where}: the network does not fit {dataset}: {reason}</source>
        <translation>{where}：网络不适合 {dataset}：{reason}</translation>
    </message>
    <message>
        <source>the lesson file {name}.json names itself {actual!r}</source>
        <translation>课程文件 {name}.json 自称 {actual!r}</translation>
    </message>
    <message>
        <source>there is no lesson {name!r}; choose one of {names}</source>
        <translation>没有课程 {name!r}；请从 {names} 中选择</translation>
    </message>
    <message>
        <source>{where} is not a lesson file (its format must be {format!r})</source>
        <translation>{where} 不是课程文件（它的 format 必须是 {format!r}）</translation>
    </message>
    <message>
        <source>{path} is far larger than any lesson file</source>
        <translation>{path} 远大于任何课程文件</translation>
    </message>
    <message>
        <source>{where} has version {version!r}; this studio reads version {expected}</source>
        <translation>{where} 的版本是 {version!r}；本工作室只能读取版本 {expected}</translation>
    </message>
    <message>
        <source>the input size must be at least 1 pixel, not {size}</source>
        <translation>输入尺寸至少要 1 像素，而不是 {size}</translation>
    </message>
    <message>
        <source>{what} in {name} cannot be built without arguments: {error}</source>
        <translation>{name} 中的 {what} 不带参数就无法构建：{error}</translation>
    </message>
    <message>
        <source>torchvision has no pretrained weights for {name}</source>
        <translation>torchvision 没有 {name} 的预训练权重</translation>
    </message>
    <message>
        <source>the Python file {path} does not exist</source>
        <translation>Python 文件 {path} 不存在</translation>
    </message>
    <message>
        <source>{name} holds no state dict of weights</source>
        <translation>{name} 中没有权重的 state dict</translation>
    </message>
    <message>
        <source>{name} defines no nn.Module subclass called {cls}</source>
        <translation>{name} 中没有名为 {cls} 的 nn.Module 子类</translation>
    </message>
    <message>
        <source>torchvision has no classification model called {name!r}; try resnet18, mobilenet_v3_small or efficientnet_b0</source>
        <translation>torchvision 中没有名为 {name!r} 的分类模型；可以试试 resnet18、mobilenet_v3_small 或 efficientnet_b0</translation>
    </message>
    <message>
        <source>the TorchScript file {name} does not exist</source>
        <translation>TorchScript 文件 {name} 不存在</translation>
    </message>
    <message>
        <source>the weights file {path} does not exist</source>
        <translation>权重文件 {path} 不存在</translation>
    </message>
    <message>
        <source>{what} in {name} did not give an nn.Module</source>
        <translation>{name} 中的 {what} 没有给出 nn.Module</translation>
    </message>
    <message>
        <source>{name} must define exactly one nn.Module subclass (it defines {found}); name one as {name}:ClassName</source>
        <translation>{name} 必须恰好定义一个 nn.Module 子类（它定义了 {found}）；请写成 {name}:ClassName 指定其中一个</translation>
    </message>
    <message>
        <source>{name} cannot be read as a Python file</source>
        <translation>{name} 无法作为 Python 文件读取</translation>
    </message>
    <message>
        <source>{title} gives {shape} for one image, not one row of class scores</source>
        <translation>{title} 对一张图像给出 {shape}，而不是一行类别得分</translation>
    </message>
    <message>
        <source>{name} is not a TorchScript model file (damaged, or saved another way; save one with torch.jit.save)</source>
        <translation>{name} 不是 TorchScript 模型文件（已损坏，或者是用别的方式保存的；请用 torch.jit.save 保存）</translation>
    </message>
    <message>
        <source>{name} holds weights for another architecture: {details}</source>
        <translation>{name} 中的权重属于另一种网络结构：{details}</translation>
    </message>
    <message>
        <source>running {name} failed: {error}</source>
        <translation>运行 {name} 失败：{error}</translation>
    </message>
    <message>
        <source>{text!r} is neither a torchvision model name (e.g. resnet18) nor a TorchScript (.pt) or Python (.py) file</source>
        <translation>{text!r} 既不是 torchvision 的模型名称（例如 resnet18），也不是 TorchScript（.pt）或 Python（.py）文件</translation>
    </message>
    <message>
        <source>{name} is not a readable PyTorch weights file (damaged, or not weights)</source>
        <translation>{name} 不是可读取的 PyTorch 权重文件（已损坏，或者不是权重）</translation>
    </message>
    <message>
        <source>{name} is Python code and runs with your permissions: open it only if you trust it (--trust-code on the command line)</source>
        <translation>{name} 是 Python 代码，会以你的权限运行：只有信任它时才打开（命令行中使用 --trust-code）</translation>
    </message>
    <message>
        <source>{title} cannot take {dims} inputs ({reason}); choose another input size</source>
        <translation>{title} 不能接受 {dims} 的输入（{reason}）；请换一个输入尺寸</translation>
    </message>
    <message>
        <source>{ref!r} matches {count} runs ({names}); give more of the id</source>
        <translation>{ref!r} 对应 {count} 个运行（{names}）；请多写几位编号</translation>
    </message>
    <message>
        <source>run {run} cannot be branched: {reason}</source>
        <translation>无法从运行 {run} 分支：{reason}</translation>
    </message>
    <message>
        <source>cannot create a run folder in {workspace}: {reason}</source>
        <translation>无法在 {workspace} 中创建运行文件夹：{reason}</translation>
    </message>
    <message>
        <source>cannot delete {path}: {reason}</source>
        <translation>无法删除 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot read the runs folder {workspace}: {reason}</source>
        <translation>无法读取运行文件夹 {workspace}：{reason}</translation>
    </message>
    <message>
        <source>{path} is not valid JSON</source>
        <translation>{path} 不是有效的 JSON</translation>
    </message>
    <message>
        <source>{path} is not a ConvNet Studio run description</source>
        <translation>{path} 不是 ConvNet Studio 的运行说明</translation>
    </message>
    <message>
        <source>{path} was written by a newer ConvNet Studio</source>
        <translation>{path} 由更新版本的 ConvNet Studio 写入</translation>
    </message>
    <message>
        <source>{path} is not text</source>
        <translation>{path} 不是文本文件</translation>
    </message>
    <message>
        <source>the {checkpoint} checkpoint of {run} is in the middle of an epoch; branch from best or an epoch checkpoint to change the batch size</source>
        <translation>{run} 的 {checkpoint} 检查点停在一轮训练的中途；要更改批大小，请从 best 或某一轮结束时的检查点分支</translation>
    </message>
    <message>
        <source>run {run} has no {which} checkpoint (it has: {have})</source>
        <translation>运行 {run} 没有 {which} 检查点（现有：{have}）</translation>
    </message>
    <message>
        <source>cannot find a free run name in {workspace}</source>
        <translation>在 {workspace} 中找不到可用的运行名称</translation>
    </message>
    <message>
        <source>no run {ref!r} in {workspace}</source>
        <translation>{workspace} 中没有运行 {ref!r}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{path} does not look like a run folder; it was left alone</source>
        <translation>{path} 看起来不是运行文件夹，因此没有动它</translation>
    </message>
    <message>
        <source>nothing to train: the {checkpoint} checkpoint of {run} has {epoch} epoch(s) done and epochs is the total, so it must be more than {epoch}</source>
        <translation>没有可训练的内容：{run} 的 {checkpoint} 检查点已完成 {epoch} 轮，而轮数（epochs）指的是总轮数，所以必须大于 {epoch}</translation>
    </message>
    <message>
        <source>run {run} is still running; stop it before deleting it</source>
        <translation>运行 {run} 仍在进行；请先停止它再删除</translation>
    </message>
    <message>
        <source>layer {index}: {reason}</source>
        <translation>第 {index} 层：{reason}</translation>
    </message>
    <message>
        <source>not valid JSON ({what} at line {line}, column {column})</source>
        <translation>不是有效的 JSON（第 {line} 行第 {column} 列：{what}）</translation>
    </message>
    <message>
        <source>out features must be a whole number or &apos;classes&apos;, not {value!r}</source>
        <translation>输出特征数必须是整数或“classes”，而不是 {value!r}</translation>
    </message>
    <message>
        <source>bias must be true or false, not {value!r}</source>
        <translation>偏置（bias）必须是 true 或 false，而不是 {value!r}</translation>
    </message>
    <message>
        <source>cannot read spec file {path}: {reason}</source>
        <translation>无法读取网络描述文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>dropout probability p must be a number, not {p!r}</source>
        <translation>Dropout 概率 p 必须是数字，而不是 {p!r}</translation>
    </message>
    <message>
        <source>cannot read spec file {path}: it is not UTF-8 text</source>
        <translation>无法读取网络描述文件 {path}：它不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>cannot read spec file {path}: it is larger than {kb} KB, far more than any network spec</source>
        <translation>无法读取网络描述文件 {path}：它超过 {kb} KB，远大于任何网络描述</translation>
    </message>
    <message>
        <source>not a network spec: it holds a number with thousands of digits</source>
        <translation>这不是网络描述：其中有一个长达数千位的数字</translation>
    </message>
    <message>
        <source>not a network spec: its JSON is nested far too deeply</source>
        <translation>这不是网络描述：它的 JSON 嵌套层数太深</translation>
    </message>
    <message>
        <source>a layer must be a JSON object, not {type}</source>
        <translation>每一层都必须是一个 JSON 对象，而不是 {type}</translation>
    </message>
    <message>
        <source>a model spec needs a &apos;layers&apos; list</source>
        <translation>网络描述需要一个“layers”列表</translation>
    </message>
    <message>
        <source>a model spec must be a JSON object with a &apos;layers&apos; list</source>
        <translation>网络描述必须是一个带有“layers”列表的 JSON 对象</translation>
    </message>
    <message>
        <source>unknown activation {fn!r} (choose from: {choices})</source>
        <translation>未知的激活函数 {fn!r}（可选：{choices}）</translation>
    </message>
    <message>
        <source>{kind} has no field {field!r} (fields: {fields})</source>
        <translation>{kind} 没有字段 {field!r}（它的字段：{fields}）</translation>
    </message>
    <message>
        <source>unknown layer type {kind!r} (known: {known})</source>
        <translation>未知的层类型 {kind!r}（已知的类型：{known}）</translation>
    </message>
    <message>
        <source>unknown pool mode {mode!r} (choose from: {choices})</source>
        <translation>未知的池化方式 {mode!r}（可选：{choices}）</translation>
    </message>
    <message>
        <source>the {k}×{k} pooling window is larger than its {size} input, so the feature maps would shrink to nothing; use a smaller pooling window or remove an earlier pooling layer</source>
        <translation>{k}×{k} 的池化窗口比 {size} 的输入还大，特征图会缩小到没有；请使用更小的池化窗口，或删掉前面的一个池化层</translation>
    </message>
    <message>
        <source>the {k}×{k} pooling window is larger than its {size} input (padded to {padded}), so the feature maps would shrink to nothing; use a smaller pooling window or remove an earlier pooling layer</source>
        <translation>{k}×{k} 的池化窗口比 {size} 的输入（填充后为 {padded}）还大，特征图会缩小到没有；请使用更小的池化窗口，或删掉前面的一个池化层</translation>
    </message>
    <message>
        <source>TensorBoard logs need the tensorboard extra: {install}</source>
        <translation>写入 TensorBoard 日志需要安装 tensorboard 扩展：{install}</translation>
    </message>
    <message>
        <source>fastest now: {threads} at {rate} img/s</source>
        <translation>当前最快：{threads}，每秒 {rate} 张图像</translation>
    </message>
    <message>
        <source>fastest now: {threads} at {rate} img/s (vs {others})</source>
        <translation>当前最快：{threads}，每秒 {rate} 张图像（对比 {others}）</translation>
    </message>
    <message>
        <source>fixed in the settings</source>
        <translation>在设置中固定</translation>
    </message>
    <message>
        <source>{n} threads</source>
        <translation>{n} 个线程</translation>
    </message>
    <message>
        <source>measuring which thread count is fastest</source>
        <translation>正在测量哪个线程数最快</translation>
    </message>
    <message>
        <source>{n} thread</source>
        <translation>{n} 个线程</translation>
    </message>
    <message>
        <source>one CPU core: one thread</source>
        <translation>只有一个 CPU 核心：使用一个线程</translation>
    </message>
    <message>
        <source>{threads} {rate}</source>
        <translation>{threads} {rate}</translation>
    </message>
    <message>
        <source>the rate fell from {before} to {after} img/s: measuring again</source>
        <translation>速度从每秒 {before} 张降到 {after} 张图像：重新测量</translation>
    </message>
    <message>
        <source>{threads}, as the last run of this network ({rate} img/s); watching the rate</source>
        <translation>{threads}，沿用此网络上次训练的选择（每秒 {rate} 张图像）；持续观察速度</translation>
    </message>
    <message>
        <source>frame {index} of the time-lapse in {path} is cut short</source>
        <translation>{path} 中延时记录的第 {index} 帧不完整</translation>
    </message>
    <message>
        <source>{path} is not a time-lapse description</source>
        <translation>{path} 不是延时记录的说明文件</translation>
    </message>
    <message>
        <source>{path} is incomplete</source>
        <translation>{path} 不完整</translation>
    </message>
    <message>
        <source>the time-lapse in {path} was written by a newer version</source>
        <translation>{path} 中的延时记录由更新的版本写入</translation>
    </message>
    <message>
        <source>the time-lapse in {path} has no frames</source>
        <translation>{path} 中的延时记录还没有任何帧</translation>
    </message>
    <message>
        <source>the time-lapse in {path} has no frames yet</source>
        <translation>{path} 中的延时记录还没有任何帧</translation>
    </message>
    <message>
        <source>the time-lapse has no {what} of layer {layer} (layers: {choices})</source>
        <translation>延时记录中没有第 {layer} 层的 {what}（有记录的层：{choices}）</translation>
    </message>
    <message>
        <source>{path} has no time-lapse</source>
        <translation>{path} 没有延时记录</translation>
    </message>
    <message>
        <source>the time-lapse in {path} cannot be read ({reason})</source>
        <translation>无法读取 {path} 中的延时记录（{reason}）</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>cannot read the run file {path}: {reason}</source>
        <translation>无法读取运行文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot save the run to {path!r}: {reason}</source>
        <translation>无法把运行保存到 {path!r}：{reason}</translation>
    </message>
    <message>
        <source>cannot write the run file {path}: {reason}</source>
        <translation>无法写入运行文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>its tensors do not match the checksum saved with them</source>
        <translation>其中的张量与一同保存的校验和不符</translation>
    </message>
    <message>
        <source>the run file {path} is damaged ({what}); it cannot be used</source>
        <translation>运行文件 {path} 已损坏（{what}），无法使用</translation>
    </message>
    <message>
        <source>{path} was written by a newer ConvNet Studio; update to load it</source>
        <translation>{path} 由更新版本的 ConvNet Studio 写入；请升级后再加载</translation>
    </message>
    <message>
        <source>cannot read the run file {path}: no such file</source>
        <translation>无法读取运行文件 {path}：文件不存在</translation>
    </message>
    <message>
        <source>{path} is not a ConvNet Studio run file or contains code; refusing to load it</source>
        <translation>{path} 不是 ConvNet Studio 的运行文件，或者其中含有代码；拒绝加载</translation>
    </message>
    <message>
        <source>{path} holds an unusable run: {reason}</source>
        <translation>{path} 中的运行无法使用：{reason}</translation>
    </message>
    <message>
        <source>batch size must be a whole number of at least 1, not {value!r}</source>
        <translation>批大小必须是不小于 1 的整数，而不是 {value!r}</translation>
    </message>
    <message>
        <source>epochs must be a whole number of at least 1, not {value!r}</source>
        <translation>训练轮数必须是不小于 1 的整数，而不是 {value!r}</translation>
    </message>
    <message>
        <source>label smoothing must be in [0, 1), not {value!r}</source>
        <translation>标签平滑必须在 [0, 1) 之间，而不是 {value!r}</translation>
    </message>
    <message>
        <source>learning rate must be a positive number, not {value!r}</source>
        <translation>学习率必须是正数，而不是 {value!r}</translation>
    </message>
    <message>
        <source>metrics rate must be positive, not {value!r}</source>
        <translation>指标刷新频率必须是正数，而不是 {value!r}</translation>
    </message>
    <message>
        <source>momentum must be in [0, 1), not {value!r}</source>
        <translation>动量必须在 [0, 1) 之间，而不是 {value!r}</translation>
    </message>
    <message>
        <source>Nesterov momentum only applies to the sgd optimizer</source>
        <translation>Nesterov 动量只适用于 sgd 优化器</translation>
    </message>
    <message>
        <source>no CUDA GPU is available here; choose the device auto or cpu</source>
        <translation>这里没有可用的 CUDA GPU；请把设备选为 auto 或 cpu</translation>
    </message>
    <message>
        <source>Apple&apos;s MPS backend is not available here; choose the device auto or cpu</source>
        <translation>这里没有 Apple 的 MPS 后端；请把设备选为 auto 或 cpu</translation>
    </message>
    <message>
        <source>this GPU has no native bfloat16 (it needs compute capability 8.0); choose fp16 or auto</source>
        <translation>这块 GPU 不原生支持 bfloat16（需要计算能力 8.0）；请选择 fp16 或 auto</translation>
    </message>
    <message>
        <source>there is no CUDA GPU number {index}; this machine has {count}</source>
        <translation>没有编号为 {index} 的 CUDA GPU；这台机器只有 {count} 块</translation>
    </message>
    <message>
        <source>{name} must be one of {allowed}, not {value!r}</source>
        <translation>{name} 必须是 {allowed} 之一，而不是 {value!r}</translation>
    </message>
    <message>
        <source>precision must be one of auto, {choices}, not {value!r}</source>
        <translation>计算精度必须是 auto、{choices} 之一，而不是 {value!r}</translation>
    </message>
    <message>
        <source>this torch cannot compute in {precision} on the {device} device; choose fp32 or auto</source>
        <translation>这个版本的 torch 不能在 {device} 设备上用 {precision} 计算；请选择 fp32 或 auto</translation>
    </message>
    <message>
        <source>reflect padding of {padding} pixels needs images larger than {padding}x{padding}, not {h}x{w}</source>
        <translation>{padding} 像素的反射填充需要大于 {padding}x{padding} 的图像，而这里是 {h}x{w}</translation>
    </message>
    <message>
        <source>step schedule period must be at least 1 epoch, not {value!r}</source>
        <translation>阶梯调度的周期至少为 1 轮，而不是 {value!r}</translation>
    </message>
    <message>
        <source>step schedule factor must be in (0, 1], not {value!r}</source>
        <translation>阶梯调度的衰减因子必须在 (0, 1] 之间，而不是 {value!r}</translation>
    </message>
    <message>
        <source>cannot write TensorBoard logs to {path}: {reason}</source>
        <translation>无法把 TensorBoard 日志写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>threads must be a whole number from 0 (automatic) to 1024, not {value!r}</source>
        <translation>线程数必须是 0（自动）到 1024 之间的整数，而不是 {value!r}</translation>
    </message>
    <message>
        <source>warm-up epochs must be zero or positive, not {value!r}</source>
        <translation>预热轮数必须是零或正数，而不是 {value!r}</translation>
    </message>
    <message>
        <source>weight decay must be zero or positive, not {value!r}</source>
        <translation>权重衰减必须是零或正数，而不是 {value!r}</translation>
    </message>
    <message>
        <source>the image size must be a positive number, (height, width) or &apos;{native}&apos;, not {value!r}</source>
        <translation>图像尺寸必须是一个正数、（高, 宽）或“{native}”，而不是 {value!r}</translation>
    </message>
    <message>
        <source>the validation fraction must be at least 0 and below 1, not {value!r}</source>
        <translation>验证集比例必须大于等于 0 且小于 1，而不是 {value!r}</translation>
    </message>
    <message>
        <source>cannot read the folder {path} ({reason}): check that you may read it</source>
        <translation>无法读取文件夹 {path}（{reason}）：请确认你有读取它的权限</translation>
    </message>
    <message>
        <source>Output features: the size of this layer&apos;s output vector. At the minimum it shows &apos;classes&apos;: as many outputs as the dataset has classes (use it for the last layer).</source>
        <translation>输出特征数：这一层输出向量的长度。调到最小值时显示“类别数”：输出个数与数据集的类别数相同（最后一层用它）。</translation>
    </message>
    <message>
        <source>Max or average pooling over ``kernel_size`` windows moved by ``stride``.</source>
        <translation>池化层：在窗口内取最大值或平均值，窗口按步幅移动。</translation>
    </message>
    <message>
        <source>avg</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Pool mode: keep the largest value of each window (max) or their average (avg).</source>
        <translation>池化方式：保留每个窗口中的最大值（最大池化）或平均值（平均池化）。</translation>
    </message>
    <message>
        <source>ResNet basic block: two 3×3 conv+BN, ReLU, plus a (1×1 conv) shortcut.</source>
        <translation>ResNet 基本残差块：两个 3×3 卷积 + BN、ReLU，再加一条（1×1 卷积）捷径连接。</translation>
    </message>
    <message>
        <source>torchvision&apos;s pretrained weights for {name} could not be downloaded ({reason}): download {url} yourself and put it, named {file}, into {folder}</source>
        <translation>无法下载 {name} 的 torchvision 预训练权重（{reason}）：请自行下载 {url}，以 {file} 为文件名放入 {folder}</translation>
    </message>
    <message>
        <source>torchvision&apos;s pretrained weights for {name} are not on this computer: put {file} (from {url}) into {folder}, or pass a weights file</source>
        <translation>这台电脑上没有 {name} 的 torchvision 预训练权重：请把 {file}（来自 {url}）放入 {folder}，或指定一个权重文件</translation>
    </message>
    <message>
        <source>A baseline with no convolutions: the image is flattened into one vector and fed to fully connected layers.</source>
        <translation>不含卷积的基线网络：把图像展平成一个向量，送入全连接层。</translation>
    </message>
    <message>
        <source>A small ResNet: residual blocks whose skip connections let the signal bypass each block, then global average pooling.</source>
        <translation>小型 ResNet：残差块的跳跃连接让信号可以绕过每个块，最后做全局平均池化。</translation>
    </message>
    <message>
        <source>The PyTorch tutorial CNN: two 5x5 convolutions with max pooling, then three fully connected layers.</source>
        <translation>PyTorch 教程里的 CNN：两个 5x5 卷积层加最大池化，然后是三个全连接层。</translation>
    </message>
    <message>
        <source>The tutorial CNN with batch normalisation after each convolution, so it usually learns faster.</source>
        <translation>教程 CNN 在每个卷积层后加了批归一化，通常学得更快。</translation>
    </message>
    <message>
        <source>A small VGG-style net: stacks of padded 3x3 convolutions with batch norm, halving the image by pooling after each.</source>
        <translation>小型 VGG 风格网络：多组带填充的 3x3 卷积加批归一化，每组之后用池化把图像减半。</translation>
    </message>
    <message>
        <source>the loss became {what} at step {step} (epoch {epoch}): {suspects} is probably too high; the weights from step {kept} are kept</source>
        <translation>损失在第 {step} 步（第 {epoch} 轮）变成了{what}：{suspects}可能太高了；已保留第 {kept} 步的权重</translation>
    </message>
    <message>
        <source>finished {epochs} epochs</source>
        <translation>完成了 {epochs} 轮</translation>
    </message>
    <message>
        <source>infinite</source>
        <translation>无穷大</translation>
    </message>
    <message>
        <source>NaN</source>
        <translation>NaN</translation>
    </message>
    <message>
        <source>stopped by the user at step {step} (epoch {epoch})</source>
        <translation>在第 {step} 步（第 {epoch} 轮）被用户停止</translation>
    </message>
    <message>
        <source>the learning rate {lr:g}</source>
        <translation>学习率 {lr:g} </translation>
    </message>
    <message>
        <source>the learning rate {lr:g} or the weight decay {wd:g}</source>
        <translation>学习率 {lr:g} 或权重衰减 {wd:g} </translation>
    </message>
    <message>
        <source>a flat vector of {n} values</source>
        <translation>长度为 {n} 的一维向量</translation>
    </message>
    <message>
        <source>{dims} feature maps</source>
        <translation>{dims} 的特征图</translation>
    </message>
    <message>
        <source>the input is already {shape}; remove this Flatten</source>
        <translation>输入已经是{shape}；请删除这个 Flatten 层</translation>
    </message>
    <message>
        <source>dropout probability p must be at least 0 and below 1, not {p}</source>
        <translation>Dropout 概率 p 必须不小于 0 且小于 1，而不是 {p}</translation>
    </message>
    <message>
        <source>the network ends with {shape} instead of one score per class; finish with a Flatten (or GlobalAvgPool) and a Linear set to &apos;classes&apos;</source>
        <translation>网络最后输出的是{shape}，而不是每个类别一个得分；请以 Flatten（或 GlobalAvgPool）加一个输出设为“classes”的 Linear 层结尾</translation>
    </message>
    <message>
        <source>GroupNorm splits its {c} input channels into {groups} groups, but {c} is not divisible by {groups}; choose a number of groups that divides {c}</source>
        <translation>GroupNorm 要把 {c} 个输入通道分成 {groups} 组，但 {c} 不能被 {groups} 整除；请选择能整除 {c} 的组数</translation>
    </message>
    <message>
        <source>the {k}×{k} kernel is larger than its {size} input, so the feature maps would shrink to nothing; use a smaller kernel, add padding or remove an earlier pooling layer</source>
        <translation>{k}×{k} 的卷积核比 {size} 的输入还大，特征图会缩小到没有；请使用更小的卷积核、加填充，或删掉前面的一个池化层</translation>
    </message>
    <message>
        <source>the {k}×{k} kernel is larger than its {size} input (padded to {padded}), so the feature maps would shrink to nothing; use a smaller kernel, add padding or remove an earlier pooling layer</source>
        <translation>{k}×{k} 的卷积核比 {size} 的输入（填充后为 {padded}）还大，特征图会缩小到没有；请使用更小的卷积核、加填充，或删掉前面的一个池化层</translation>
    </message>
    <message>
        <source>a Linear layer needs a flat vector, but its input is {shape}; add a Flatten or GlobalAvgPool before it</source>
        <translation>Linear 层需要一维向量作为输入，但它的输入是{shape}；请在它前面加一个 Flatten 或 GlobalAvgPool 层</translation>
    </message>
    <message>
        <source>{what} needs C×H×W feature maps, but its input is {shape}; move it before the Flatten or GlobalAvgPool</source>
        <translation>{what} 需要 C×H×W 的特征图作为输入，但它的输入是{shape}；请把它移到 Flatten 或 GlobalAvgPool 之前</translation>
    </message>
    <message>
        <source>the network has no layers; add at least a Flatten and a Linear set to &apos;classes&apos;</source>
        <translation>网络没有任何层；至少需要一个 Flatten 层和一个输出设为“classes”的 Linear 层</translation>
    </message>
    <message>
        <source>{field} must be a whole number, not {value}</source>
        <translation>{field}必须是整数，而不是 {value}</translation>
    </message>
    <message>
        <source>padding {padding} is more than a {k}×{k} kernel can use (at most {most}); the extra border would only produce outputs that see nothing but zeros</source>
        <translation>填充 {padding} 超出了 {k}×{k} 卷积核能用到的范围（最多 {most}）；多出的边只会产生只看到零的输出</translation>
    </message>
    <message>
        <source>{field} must be at most {maximum}, not {value}</source>
        <translation>{field}最大为 {maximum}，而不是 {value}</translation>
    </message>
    <message>
        <source>this layer would output {values:,} values per image, more than the {limit:,} allowed here; use fewer channels or pool earlier</source>
        <translation>这一层每张图像会输出 {values:,} 个值，超过了这里允许的 {limit:,}；请减少通道数或更早地池化</translation>
    </message>
    <message>
        <source>this layer would have {params:,} parameters, more than the {limit:,} one layer may have here; use fewer channels or features</source>
        <translation>这一层会有 {params:,} 个参数，超过了这里单层允许的 {limit:,}；请减少通道数或特征数</translation>
    </message>
    <message>
        <source>{field} must be at least {minimum}, not {value}</source>
        <translation>{field}至少为 {minimum}，而不是 {value}</translation>
    </message>
    <message>
        <source>the network ends with {outputs} outputs but the dataset has {classes} classes; end with a Linear set to &apos;classes&apos;</source>
        <translation>网络最后有 {outputs} 个输出，但数据集有 {classes} 个类别；请以一个输出设为“classes”的 Linear 层结尾</translation>
    </message>
    <message>
        <source>the network ends with {outputs} outputs but the dataset has {classes} classes; set the last Linear to &apos;classes&apos;</source>
        <translation>网络最后有 {outputs} 个输出，但数据集有 {classes} 个类别；请把最后一个 Linear 层的输出设为“classes”</translation>
    </message>
</context>
<context>
    <name>DatasetLoader</name>
    <message>
        <source>Could not load {name}: {reason}</source>
        <translation>无法加载 {name}：{reason}</translation>
    </message>
    <message>
        <source>Could not load {name}.</source>
        <translation>无法加载 {name}。</translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <source>Image folder…</source>
        <translation>图像文件夹…</translation>
    </message>
    <message>
        <source>Use your own images: a folder with one sub-folder per class (e.g. cats/, dogs/).</source>
        <translation>使用你自己的图像：一个文件夹，每个类别一个子文件夹（例如 cats/、dogs/）。</translation>
    </message>
    <message>
        <source>The images to learn from. &apos;shapes&apos; is built in and needs no download.</source>
        <translation>用来学习的图像。“shapes”是内置的，无需下载。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Load the chosen dataset again (e.g. after changing the data folder).</source>
        <translation>重新加载所选的数据集（例如更改数据文件夹之后）。</translation>
    </message>
    <message>
        <source>default: {path}</source>
        <translation>默认：{path}</translation>
    </message>
    <message>
        <source>Where downloadable datasets (MNIST, CIFAR-10, …) are stored or downloaded to.</source>
        <translation>可下载的数据集（MNIST、CIFAR-10……）存放或下载到哪里。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the data folder.</source>
        <translation>选择数据文件夹。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Locked while training: the dataset cannot change during a run.</source>
        <translation>训练中已锁定：运行期间不能更换数据集。</translation>
    </message>
    <message>
        <source>Files with an image extension that could not be read; Details… lists them and why.</source>
        <translation>扩展名是图像但无法读取的文件；点“详情…”查看它们及原因。</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>How many images of each class there are to train and to validate on.</source>
        <translation>每个类别各有多少张训练图像和验证图像。</translation>
    </message>
    <message>
        <source>Samples — click one to see its feature maps</source>
        <translation>样本 —— 点击一张查看它的特征图</translation>
    </message>
    <message>
        <source>Training images of every class; click one to look at it in the Feature maps view.</source>
        <translation>每个类别的训练图像；点击一张，在“特征图”视图中查看。</translation>
    </message>
    <message>
        <source>Folder: {name}</source>
        <translation>文件夹：{name}</translation>
    </message>
    <message>
        <source>Choose an image folder (one sub-folder per class)</source>
        <translation>选择图像文件夹（每个类别一个子文件夹）</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>正在加载</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{reason}. The folder was taken off the dataset list.</source>
        <translation>{reason}。该文件夹已从数据集列表中移除。</translation>
    </message>
    <message>
        <source>Images from {name}</source>
        <translation>来自 {name} 的图像</translation>
    </message>
    <message>
        <source>{count:,} unreadable file skipped</source>
        <translation>跳过了 {count:,} 个无法读取的文件</translation>
    </message>
    <message>
        <source>{count:,} unreadable files skipped</source>
        <translation>跳过了 {count:,} 个无法读取的文件</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <source>colour (RGB)</source>
        <translation>彩色（RGB）</translation>
    </message>
    <message>
        <source>grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>{count} channels</source>
        <translation>{count} 个通道</translation>
    </message>
    <message>
        <source>{c}×{h}×{w} — {colour}, {h}×{w} pixels</source>
        <translation>{c}×{h}×{w} —— {colour}，{h}×{w} 像素</translation>
    </message>
    <message>
        <source>{train:,} train · {val:,} validation · {classes} classes</source>
        <translation>训练 {train:,} · 验证 {val:,} · {classes} 个类别</translation>
    </message>
</context>
<context>
    <name>DrawCanvas</name>
    <message>
        <source>Paint with the left mouse button; the network looks at every stroke.</source>
        <extracomment>The canvas is about this many pixels on a side, in whole multiples of the input size.</extracomment>
        <translation>按住鼠标左键绘画；每画一笔，网络都会重新看一遍。</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <source>sorted by the probability given to the true class, lowest first</source>
        <translation>按真实类别所得概率从低到高排列</translation>
    </message>
    <message>
        <source>The {count} validation images with the highest loss, {order}.</source>
        <translation>损失最高的 {count} 张验证图像，{order}。</translation>
    </message>
    <message>
        <source>Validation accuracy: —</source>
        <translation>验证集准确率：—</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>Row-normalised</source>
        <translation>按行归一化</translation>
    </message>
    <message>
        <source>Counts of images, or each row divided by its total: the fraction of a true class predicted as each class.</source>
        <translation>图像张数，或每行除以该行总数：某个真实类别被预测成各个类别的比例。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Evaluate the validation set with the current weights now.</source>
        <translation>立即用当前权重评估验证集。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Click a cell to see its images.</source>
        <translation>点击一个格子查看其中的图像。</translation>
    </message>
    <message>
        <source>Accuracy of each true class (rows as in the matrix); the dashed line is the overall accuracy.</source>
        <translation>每个真实类别的准确率（行与矩阵相同）；虚线是总体准确率。</translation>
    </message>
    <message>
        <source>Per-class accuracy</source>
        <translation>各类别准确率</translation>
    </message>
    <message>
        <source>Click a cell of the matrix to see its images here.</source>
        <translation>点击矩阵中的格子，在这里查看其中的图像。</translation>
    </message>
    <message>
        <source>Selected cell</source>
        <translation>选中的格子</translation>
    </message>
    <message>
        <source>Hardest examples</source>
        <translation>最难的样本</translation>
    </message>
    <message>
        <source>Click an image to look at it in Feature maps and Attribution.</source>
        <translation>点击一张图像，在“特征图”和“归因”中查看。</translation>
    </message>
    <message>
        <source>Could not evaluate: {reason}</source>
        <translation>无法评估：{reason}</translation>
    </message>
    <message>
        <source>Evaluation cancelled.</source>
        <translation>评估已取消。</translation>
    </message>
    <message>
        <source>Evaluating the validation set… {percent}%</source>
        <translation>正在评估验证集… {percent}%</translation>
    </message>
    <message>
        <source>Evaluating the validation set…</source>
        <translation>正在评估验证集…</translation>
    </message>
    <message>
        <source>Load a dataset to evaluate the network.</source>
        <translation>加载数据集后即可评估网络。</translation>
    </message>
    <message>
        <source>Validation accuracy: {accuracy}</source>
        <translation>验证集准确率：{accuracy}</translation>
    </message>
    <message>
        <source> · {count} filter switched off ({accuracy} with all on)</source>
        <translation> · 关闭了 {count} 个滤波器（全部开启时为 {accuracy}）</translation>
    </message>
    <message>
        <source> · {count} filters switched off ({accuracy} with all on)</source>
        <translation> · 关闭了 {count} 个滤波器（全部开启时为 {accuracy}）</translation>
    </message>
    <message>
        <source>{count:,} validation images · model at step {step}{lesions} · mean loss {loss:.3f}</source>
        <translation>{count:,} 张验证图像 · 第 {step} 步的模型{lesions} · 平均损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>, showing the first {count}</source>
        <translation>，只显示前 {count} 张</translation>
    </message>
    <message>
        <source>, {order}</source>
        <translation>，{order}</translation>
    </message>
    <message>
        <source>True {true}, predicted {predicted}: {count} image ({what}{more}){order}.</source>
        <translation>真实为 {true}、预测为 {predicted}：{count} 张图像（{what}{more}）{order}。</translation>
    </message>
    <message>
        <source>True {true}, predicted {predicted}: {count} images ({what}{more}){order}.</source>
        <translation>真实为 {true}、预测为 {predicted}：{count} 张图像（{what}{more}）{order}。</translation>
    </message>
    <message>
        <source>Validation image {index}: predicted {predicted} ({confidence:.1%}), true {true} ({p_true:.1%}), loss {loss:.2f}</source>
        <translation>验证图像 {index}：预测为 {predicted}（{confidence:.1%}），真实为 {true}（{p_true:.1%}），损失 {loss:.2f}</translation>
    </message>
</context>
<context>
    <name>ExportFiles</name>
    <message>
        <source>Python script (*.py)</source>
        <extracomment>Format -&gt; (file suffix, file-dialog filter).</extracomment>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>TorchScript module (*.pt)</source>
        <translation>TorchScript 模块 (*.pt)</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pt)</source>
        <translation>PyTorch 权重 (*.pt)</translation>
    </message>
    <message>
        <source>PyTorch training script (.py) and its weights</source>
        <translation>PyTorch 训练脚本（.py）及其权重</translation>
    </message>
    <message>
        <source>ONNX (.onnx), checked in onnxruntime</source>
        <translation>ONNX（.onnx），已在 onnxruntime 中校验</translation>
    </message>
    <message>
        <source>TorchScript (.pt)</source>
        <translation>TorchScript（.pt）</translation>
    </message>
    <message>
        <source>Weights as a state_dict (.pt) with the spec JSON beside them</source>
        <translation>state_dict 形式的权重（.pt），旁边附带网络结构 JSON</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>An export is already under way.</source>
        <translation>已经有一个导出正在进行。</translation>
    </message>
    <message>
        <source>Stop the run before exporting its model.</source>
        <translation>请先停止训练，再导出它的模型。</translation>
    </message>
    <message>
        <source>There is no trained run to export yet; press Train first.</source>
        <translation>还没有训练过的运行可以导出；请先按“训练”。</translation>
    </message>
    <message>
        <source>Exporting the model to {0}…</source>
        <translation>正在把模型导出到 {0}…</translation>
    </message>
    <message>
        <source>Exporting: {0}…</source>
        <translation>正在导出：{0}…</translation>
    </message>
    <message>
        <source>Could not export the model: {0}</source>
        <translation>无法导出模型：{0}</translation>
    </message>
    <message>
        <source>Could not export the model</source>
        <translation>无法导出模型</translation>
    </message>
</context>
<context>
    <name>FeatureMapsView</name>
    <message>
        <source>No image chosen.</source>
        <translation>尚未选择图像。</translation>
    </message>
    <message>
        <source>The layer whose output is shown, with its shape (channels × height × width, or features).</source>
        <translation>显示哪一层的输出，以及它的形状（通道 × 高 × 宽，或特征数）。</translation>
    </message>
    <message>
        <source>Colours for activation strength (dark = low, bright = high within each tile).</source>
        <translation>表示激活强度的配色（在每个小图内：暗 = 低，亮 = 高）。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>配色</translation>
    </message>
    <message>
        <source> · true class: {name}</source>
        <translation> · 真实类别：{name}</translation>
    </message>
    <message>
        <source>The image recorded with the time-lapse, at step {0}.</source>
        <translation>延时记录中第 {0} 步时记录的图像。</translation>
    </message>
    <message>
        <source> · step {step}</source>
        <translation> · 第 {step} 步</translation>
    </message>
    <message>
        <source>each channel scaled to its own min–max</source>
        <translation>每个通道按自身的最小值–最大值缩放</translation>
    </message>
    <message>
        <source>one cell per feature, scaled over the layer</source>
        <translation>每个特征一格，按整层缩放</translation>
    </message>
    <message>
        <source> · channels {first}–{last} of {count}</source>
        <translation> · 第 {first}–{last} 个通道（共 {count} 个）</translation>
    </message>
    <message>
        <source>look at an image</source>
        <translation>查看图像</translation>
    </message>
    <message>
        <source>{loading} The network looks at the image once it has loaded.</source>
        <translation>{loading}加载完成后网络就会查看这张图像。</translation>
    </message>
    <message>
        <source>Waiting for the network to look at this image…</source>
        <translation>等待网络查看这张图像…</translation>
    </message>
    <message>
        <source>No feature maps yet: pick an image above, open one, or drop one here.</source>
        <translation>还没有特征图：请在上方选一张图像、打开一张，或拖一张到这里。</translation>
    </message>
    <message>
        <source>No prediction until the network is fixed.</source>
        <translation>网络修正之前无法预测。</translation>
    </message>
    <message>
        <source>Waiting for the network&apos;s prediction…</source>
        <translation>等待网络给出预测…</translation>
    </message>
    <message>
        <source>Pick an image to see what the network predicts.</source>
        <translation>选一张图像，看看网络的预测。</translation>
    </message>
    <message>
        <source>channel {index}: min {lo:.3g}, max {hi:.3g}</source>
        <translation>通道 {index}：最小 {lo:.3g}，最大 {hi:.3g}</translation>
    </message>
    <message>
        <source>feature {index}: {value:.3g}</source>
        <translation>特征 {index}：{value:.3g}</translation>
    </message>
    <message>
        <source>this unit sees the whole image</source>
        <translation>这个单元能看到整张图像</translation>
    </message>
    <message>
        <source>unit ({row}, {col}) sees {size}×{size} pixels (jump {jump}): rows {y0}–{y1}, columns {x0}–{x1}</source>
        <translation>单元 ({row}, {col}) 能看到 {size}×{size} 个像素（跳距 {jump}）：第 {y0}–{y1} 行，第 {x0}–{x1} 列</translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message>
        <source>The convolution layer whose filters (weights) are shown.</source>
        <translation>显示哪个卷积层的滤波器（权重）。</translation>
    </message>
    <message>
        <source>Tile per filter</source>
        <translation>每个滤波器一格</translation>
    </message>
    <message>
        <source>Tile per input channel</source>
        <translation>每个输入通道一格</translation>
    </message>
    <message>
        <source>A filter of a deeper layer has one small kernel per input channel. Show them separately (rows = filters, columns = input channels) or averaged into one tile. The first layer of a colour network is always shown in colour in the one-tile mode.</source>
        <translation>较深层的每个滤波器对每个输入通道都有一个小卷积核。可以分开显示（行 = 滤波器，列 = 输入通道），也可以平均成一格。彩色网络的第一层在“一格”模式下总是以彩色显示。</translation>
    </message>
    <message>
        <source>Scale per filter</source>
        <translation>按滤波器缩放</translation>
    </message>
    <message>
        <source>Scale per layer</source>
        <translation>按层缩放</translation>
    </message>
    <message>
        <source>Each filter stretched to full contrast shows its pattern best; one scale for the whole layer shows which filters have large weights.</source>
        <translation>每个滤波器各自拉满对比度时最能看清它的图案；整层用同一比例时能看出哪些滤波器的权重较大。</translation>
    </message>
    <message>
        <source>Click a filter to switch it off; click again to switch it back on.</source>
        <translation>点击滤波器可将其关闭；再点一次重新打开。</translation>
    </message>
    <message>
        <source>Switch all on</source>
        <translation>全部打开</translation>
    </message>
    <message>
        <source>Switch every filter of every layer back on.</source>
        <translation>重新打开所有层的全部滤波器。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Click a filter to switch it off and see what it was for. </source>
        <translation>点击一个滤波器将其关闭，看看它原来起什么作用。</translation>
    </message>
    <message>
        <source>layer {index}: {filters}</source>
        <translation>第 {index} 层：{filters}</translation>
    </message>
    <message>
        <source>Switched off: {where}. {accuracy}</source>
        <translation>已关闭：{where}。{accuracy}</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <source>filter {index}</source>
        <translation>滤波器 {index}</translation>
    </message>
    <message>
        <source>filter {index}, input channel {channel}</source>
        <translation>滤波器 {index}，输入通道 {channel}</translation>
    </message>
    <message>
        <source> (switched off)</source>
        <translation>（已关闭）</translation>
    </message>
    <message>
        <source>{where}{off}: min {lo:.3g}, max {hi:.3g}</source>
        <translation>{where}{off}：最小 {lo:.3g}，最大 {hi:.3g}</translation>
    </message>
    <message>
        <source>This network has no convolution layers of its own (its convolutions are inside residual blocks, whose filters are not shown here), so there are no filters to show.</source>
        <translation>这个网络本身没有卷积层（它的卷积都在残差块里，这里不显示残差块的滤波器），所以没有滤波器可显示。</translation>
    </message>
    <message>
        <source>This network has no convolution layers, so it has no filters to show. Add a Conv2d layer in the Model panel, or pick a preset with convolutions, to see some.</source>
        <translation>这个网络没有卷积层，所以没有滤波器可显示。在“模型”面板中添加一个 Conv2d 层，或选择一个带卷积的预设，就能看到了。</translation>
    </message>
    <message>
        <source>show its filters</source>
        <translation>显示它的滤波器</translation>
    </message>
    <message>
        <source>No filters yet: they appear once the network has been built (press Train or pick an image in Feature maps).</source>
        <translation>还没有滤波器：网络构建好之后就会出现（按“训练”，或在“特征图”中选一张图像）。</translation>
    </message>
    <message>
        <source>{filters} filters × {channels} input channels, {kh}×{kw}</source>
        <translation>{filters} 个滤波器 × {channels} 个输入通道，{kh}×{kw}</translation>
    </message>
    <message>
        <source>colour (RGB)</source>
        <translation>彩色（RGB）</translation>
    </message>
    <message>
        <source>averaged over inputs</source>
        <translation>对输入通道取平均</translation>
    </message>
    <message>
        <source>rows = filters, columns = input channels</source>
        <translation>行 = 滤波器，列 = 输入通道</translation>
    </message>
    <message>
        <source> · step {step}</source>
        <translation> · 第 {step} 步</translation>
    </message>
</context>
<context>
    <name>FolderOptions</name>
    <message>
        <source>Automatic (at most {side} px)</source>
        <translation>自动（最大 {side} 像素）</translation>
    </message>
    <message>
        <source>As the images are</source>
        <translation>保持原尺寸</translation>
    </message>
    <message>
        <source>The size every image is resized to (not cropped). Bigger images show more detail but train slower and take more memory.</source>
        <translation>每张图像缩放到的尺寸（不裁剪）。图像越大细节越多，但训练越慢、占用内存越多。</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>One grey channel instead of three colour channels: a third of the memory.</source>
        <translation>用一个灰度通道代替三个颜色通道：内存只需三分之一。</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <source>As the images are ({size})</source>
        <translation>保持原尺寸（{size}）</translation>
    </message>
    <message>
        <source>As the images are (they differ in size)</source>
        <translation>保持原尺寸（图像尺寸不一）</translation>
    </message>
    <message>
        <source>{files:,} files × {c}×{h}×{w}: ≈ {held} in memory</source>
        <translation>{files:,} 个文件 × {c}×{h}×{w}：内存中约 {held}</translation>
    </message>
    <message>
        <source>{what} — too much: loading needs ≈ {need}, only {free} is free; choose a smaller size or grayscale</source>
        <translation>{what} —— 太大了：加载约需 {need}，但只有 {free} 可用；请选择更小的尺寸或灰度</translation>
    </message>
</context>
<context>
    <name>HParamsPanel</name>
    <message>
        <source>Locked while training: only the learning rate, momentum and weight decay can change during a run. Stop the run to change the rest.</source>
        <translation>训练中已锁定：运行期间只能调整学习率、动量和权重衰减。停止运行后才能修改其余设置。</translation>
    </message>
    <message>
        <source>There is no CUDA GPU here: training runs in full precision.</source>
        <translation>这里没有 CUDA GPU：训练使用全精度。</translation>
    </message>
    <message>
        <source>The chosen device is not a CUDA GPU: training runs in full precision.</source>
        <translation>所选设备不是 CUDA GPU：训练使用全精度。</translation>
    </message>
    <message>
        <source>Nesterov momentum applies to the SGD optimizer only.</source>
        <translation>Nesterov 动量只适用于 SGD 优化器。</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>One-cycle</source>
        <translation>单周期（One-cycle）</translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>Mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Random flip</source>
        <translation>随机翻转</translation>
    </message>
    <message>
        <source>Random crop</source>
        <translation>随机裁剪</translation>
    </message>
    <message>
        <source>Flip + crop</source>
        <translation>翻转 + 裁剪</translation>
    </message>
    <message>
        <source>Auto (best available)</source>
        <translation>自动（最佳可用）</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <source>How the weights are updated from the gradients. Adam adapts the step size per weight and is forgiving; SGD with momentum is the classic choice and often generalises well.</source>
        <translation>优化器：如何根据梯度更新权重。Adam 为每个权重自适应地调整步长，比较省心；带动量的 SGD 是经典选择，泛化往往更好。</translation>
    </message>
    <message>
        <source>Learning rate: how big each update step is. Too high and the loss jumps or explodes; too low and learning crawls. Adam: try 1e-4 to 3e-3; SGD: 1e-3 to 0.1. Can change while training.</source>
        <translation>学习率：每一步更新迈多大。太大时损失会跳动甚至爆炸；太小时学习慢如蜗牛。Adam 可试 1e-4 到 3e-3；SGD 可试 1e-3 到 0.1。训练中也可以调整。</translation>
    </message>
    <message>
        <source>Momentum: how much of the previous update direction carries over (Adam&apos;s beta1). 0.9 is typical; 0 turns it off. Can change while training.</source>
        <translation>动量：上一次更新方向保留多少（即 Adam 的 beta1）。常用 0.9；0 表示关闭。训练中也可以调整。</translation>
    </message>
    <message>
        <source>Nesterov momentum: look ahead along the momentum before computing the gradient (SGD only).</source>
        <translation>Nesterov 动量：先沿动量方向“向前看一步”再计算梯度（仅 SGD）。</translation>
    </message>
    <message>
        <source>Weight decay: gently pulls every weight towards zero, against overfitting. 0 to 5e-4 is typical (AdamW often 1e-2). Can change while training.</source>
        <translation>权重衰减：把每个权重轻轻拉向零，用来抑制过拟合。常用 0 到 5e-4（AdamW 常用 1e-2）。训练中也可以调整。</translation>
    </message>
    <message>
        <source>Batch size: images per update step. Bigger batches give smoother gradients and use the hardware better but update less often. 32–256 is typical.</source>
        <translation>批大小：每次更新使用的图像数。批越大梯度越平稳、硬件利用越充分，但更新次数越少。常用 32–256。</translation>
    </message>
    <message>
        <source>Epochs: how many times the network sees the whole training set.</source>
        <translation>训练轮数（epoch）：网络完整看过训练集的次数。</translation>
    </message>
    <message>
        <source>Learning-rate schedule: how the learning rate changes over the run. Constant keeps it; step decay cuts it every few epochs; cosine and one-cycle lower it smoothly to near zero.</source>
        <translation>学习率调度：学习率在训练过程中如何变化。“恒定”保持不变；“阶梯衰减”每隔几轮降低一次；“余弦”和“单周期”则平滑地降到接近零。</translation>
    </message>
    <message>
        <source>Warm-up: grow the learning rate from near zero over this many epochs first, which steadies the start of training. 0–2 is typical.</source>
        <translation>预热：先用这么多轮把学习率从接近零逐渐升高，让训练开始时更稳定。常用 0–2。</translation>
    </message>
    <message>
        <source>Step decay: multiply the learning rate by the factor every this many epochs.</source>
        <translation>阶梯衰减：每隔这么多轮，把学习率乘以衰减系数。</translation>
    </message>
    <message>
        <source>Step decay factor: what the learning rate is multiplied by at each step (0.1 = ten times smaller).</source>
        <translation>阶梯衰减系数：每次衰减时学习率乘以的数（0.1 = 缩小到十分之一）。</translation>
    </message>
    <message>
        <source>Loss: what the network is trained to make small. Cross-entropy is the standard for classification.</source>
        <translation>损失函数：训练要让它变小的量。分类任务的标准选择是交叉熵。</translation>
    </message>
    <message>
        <source>Label smoothing: aim for 90% instead of 100% confidence on the right class (at 0.1), which curbs over-confidence. 0–0.2 is typical; cross-entropy only.</source>
        <translation>标签平滑：让网络对正确类别的目标置信度是 90% 而不是 100%（取 0.1 时），以抑制过度自信。常用 0–0.2；仅用于交叉熵。</translation>
    </message>
    <message>
        <source>Augmentation: show slightly changed copies of the training images (mirrored, shifted) so the network learns what matters rather than memorising pixels.</source>
        <translation>数据增强：给网络看略作改动的训练图像副本（镜像、平移），让它学到真正重要的东西，而不是死记像素。</translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same starting weights, batches and augmentation. Runs repeat bit for bit when the CPU thread count is fixed too (Auto may pick another count, which rounds sums differently).</source>
        <translation>随机种子：相同的种子给出相同的初始权重、批次和数据增强。如果 CPU 线程数也固定，训练结果会逐位完全重现（“自动”可能选择不同的线程数，求和的舍入方式因此不同）。</translation>
    </message>
    <message>
        <source>Mixed precision: on a GPU, compute in 16-bit floats where safe — bfloat16 where the GPU has it (compute capability 8.0+), else float16 with loss scaling — faster, same results in practice. Ignored on the CPU.</source>
        <translation>混合精度：在 GPU 上，于安全之处用 16 位浮点数计算——GPU 支持时（计算能力 8.0 及以上）用 bfloat16，否则用 float16 并做损失缩放——速度更快，实际结果相同。在 CPU 上不起作用。</translation>
    </message>
    <message>
        <source>CPU threads for training. Auto measures which count is fastest right now and adapts when other programs get busy (on a busy computer one thread is often much faster than all). A number fixes it.</source>
        <translation>训练使用的 CPU 线程数。“自动”会测量当前哪个线程数最快，并在其他程序变忙时随之调整（在繁忙的电脑上，一个线程往往比用满所有线程快得多）。填一个数字则固定线程数。</translation>
    </message>
    <message>
        <source>Mixed precision (GPU)</source>
        <translation>混合精度（GPU）</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Where training runs. Only devices that exist on this computer are listed.</source>
        <translation>在哪里训练。只列出这台电脑上实际存在的设备。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Warm-up epochs</source>
        <translation>预热轮数</translation>
    </message>
    <message>
        <source>Step every (epochs)</source>
        <translation>衰减间隔（轮）</translation>
    </message>
    <message>
        <source>Step factor</source>
        <translation>衰减系数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Fine-tuning an opened model: train only its new classifier head (every other layer frozen), or all layers when unticked.</source>
        <translation>微调打开的模型：只训练它新的分类头（其余各层全部冻结）；取消勾选则训练所有层。</translation>
    </message>
    <message>
        <source>Head only (opened model)</source>
        <translation>只训练分类头（打开的模型）</translation>
    </message>
    <message>
        <source>Used by the step decay schedule only.</source>
        <translation>仅用于阶梯衰减调度。</translation>
    </message>
    <message>
        <source>Used with the cross-entropy loss only.</source>
        <translation>仅用于交叉熵损失。</translation>
    </message>
</context>
<context>
    <name>HealthPlots</name>
    <message>
        <source>weight norm</source>
        <translation>权重范数</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>update / weight</source>
        <translation>更新量 / 权重</translation>
    </message>
    <message>
        <source>over the training steps</source>
        <translation>随训练步数变化</translation>
    </message>
    <message>
        <source>across the layers (latest)</source>
        <translation>各层对比（最新）</translation>
    </message>
    <message>
        <source>Follow each layer over time, or compare the layers of the latest measurement (vanishing gradients show as a slope from the last layer to the first).</source>
        <translation>跟踪每一层随时间的变化，或比较最近一次测量中的各层（梯度消失表现为从最后一层到第一层的下降斜坡）。</translation>
    </message>
    <message>
        <source>measured while training</source>
        <translation>训练时测量</translation>
    </message>
    <message>
        <source>Per layer,</source>
        <translation>每层，</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>HealthView</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Weight
norm</source>
        <translation>权重
范数</translation>
    </message>
    <message>
        <source>Grad
norm</source>
        <translation>梯度
范数</translation>
    </message>
    <message>
        <source>Update
ratio</source>
        <translation>更新
比例</translation>
    </message>
    <message>
        <source>Dead
units</source>
        <translation>死亡
单元</translation>
    </message>
    <message>
        <source>What the figures below suggest, in plain words.</source>
        <translation>用通俗的话说明下面这些数字意味着什么。</translation>
    </message>
    <message>
        <source>Weight histogram</source>
        <translation>权重直方图</translation>
    </message>
    <message>
        <source>Activation histogram</source>
        <translation>激活值直方图</translation>
    </message>
    <message>
        <source>Histogram of the chosen layer&apos;s weights, or of its outputs for a batch of validation images.</source>
        <translation>所选层权重的直方图，或它对一批验证图像的输出的直方图。</translation>
    </message>
    <message>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Could not measure the layers: {reason}</source>
        <translation>无法测量各层：{reason}</translation>
    </message>
    <message>
        <source>live: gradients of the last step, update ratios of one real step</source>
        <translation>实时：上一步的梯度，一次真实更新的更新比例</translation>
    </message>
    <message>
        <source>not training: gradients of one validation batch, no update ratios</source>
        <translation>未在训练：一批验证数据的梯度，没有更新比例</translation>
    </message>
    <message>
        <source>Step {step} · {how}.</source>
        <translation>第 {step} 步 · {how}。</translation>
    </message>
    <message>
        <source>no parameters</source>
        <translation>没有参数</translation>
    </message>
    <message>
        <source>{0} values</source>
        <translation>{0} 个数值</translation>
    </message>
    <message>
        <source>Measuring the layers…</source>
        <translation>正在测量各层…</translation>
    </message>
    <message>
        <source>Load a dataset to measure the layers.</source>
        <translation>加载数据集后即可测量各层。</translation>
    </message>
    <message>
        <source>No warnings: gradients, dead units and update sizes look healthy.</source>
        <translation>没有警告：梯度、死亡单元和更新幅度看起来都很健康。</translation>
    </message>
</context>
<context>
    <name>ImageFileDrop</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.ppm *.pgm);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.ppm *.pgm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>打开图像</translation>
    </message>
</context>
<context>
    <name>JobControls</name>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>LRFinderDialog</name>
    <message>
        <source>Find a learning rate</source>
        <extracomment>``LRFindSettings`` for the next search; None: the finder&apos;s defaults.</extracomment>
        <translation>查找学习率</translation>
    </message>
    <message>
        <source>A short trial run on a copy of the current weights: the learning rate rises step by step while the loss is recorded. Where the loss falls fastest is a good rate to train with; where it shoots up, the rate is too high. The network itself is not changed.</source>
        <translation>在当前权重的副本上做一次简短的试训练：学习率一步步升高，同时记录损失。损失下降最快的地方就是适合训练的学习率；损失猛然上升的地方，学习率就太大了。网络本身不会被改动。</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Cancel search</source>
        <translation>取消查找</translation>
    </message>
    <message>
        <source>Use this rate</source>
        <translation>使用这个学习率</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Stop the training first: the finder needs the compute thread.</source>
        <translation>请先停止训练：查找器需要使用计算线程。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>Search cancelled.</source>
        <translation>已取消查找。</translation>
    </message>
    <message>
        <source>The search gave no answer.</source>
        <translation>这次查找没有得出结果。</translation>
    </message>
    <message>
        <source>No step gave a finite loss, so there is no suggestion.</source>
        <translation>没有任何一步得到有限的损失值，因此无法给出建议。</translation>
    </message>
    <message>
        <source>Suggested learning rate: {0:.3g} — {1}. The search stopped because {2}.</source>
        <translation>建议的学习率：{0:.3g}——{1}。查找停止的原因：{2}。</translation>
    </message>
    <message>
        <source>The learning rate is now {0:g}.</source>
        <translation>学习率现在是 {0:g}。</translation>
    </message>
    <message>
        <source>steepest descent of the smoothed loss before its minimum</source>
        <translation>平滑损失在到达最低点之前下降最陡的位置</translation>
    </message>
    <message>
        <source>a tenth of the rate at the smoothed loss&apos;s minimum</source>
        <translation>平滑损失最低点处学习率的十分之一</translation>
    </message>
    <message>
        <source>it reached the end of the range ({lr})</source>
        <extracomment>core.train.lr_finder&apos;s stop reasons (English sentences with numbers) -&gt; their translations.</extracomment>
        <translation>已到达查找范围的终点（{lr}）</translation>
    </message>
    <message>
        <source>the loss became non-finite at a learning rate of {lr}</source>
        <translation>学习率为 {lr} 时损失变成了非有限值</translation>
    </message>
    <message>
        <source>the smoothed loss rose above {factor}× its minimum at a learning rate of {lr}</source>
        <translation>学习率为 {lr} 时平滑损失升到了最低值的 {factor} 倍以上</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Show the studio in this language (after a restart)</source>
        <translation>以这种语言显示（重启后生效）</translation>
    </message>
    <message>
        <source>The language changes when the studio starts next time.</source>
        <translation>语言将在下次启动时切换。</translation>
    </message>
    <message>
        <source>Change the language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <source>The studio shows the new language after a restart. Restart now?</source>
        <translation>重启后才会显示新的语言。现在重启吗？</translation>
    </message>
</context>
<context>
    <name>LayerTableModel</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>RF</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>Jump</source>
        <translation>跳距</translation>
    </message>
    <message>
        <source>Layer number (errors name it)</source>
        <translation>层编号（出错时会提到它）</translation>
    </message>
    <message>
        <source>What kind of layer it is</source>
        <translation>这是哪种层</translation>
    </message>
    <message>
        <source>The layer&apos;s settings; click to edit</source>
        <translation>这一层的设置；点击可编辑</translation>
    </message>
    <message>
        <source>Output of one image: channels×height×width, or a flat vector&apos;s length</source>
        <translation>一张图像的输出：通道×高×宽，或一维向量的长度</translation>
    </message>
    <message>
        <source>Learnable parameters (weights and biases)</source>
        <translation>可学习的参数（权重和偏置）</translation>
    </message>
    <message>
        <source>Receptive field: the side of the input square one unit of this layer sees (&quot;all&quot;: the whole image)</source>
        <translation>感受野：这一层的一个单元能看到的输入正方形的边长（“全部”：整张图像）</translation>
    </message>
    <message>
        <source>Jump: input pixels between the fields of two neighbouring units</source>
        <translation>跳距：相邻两个单元的感受野在输入上相隔的像素数</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>Select the row to edit these settings below the table.</source>
        <translation>选中这一行，在表格下方编辑这些设置。</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>LessonDialog</name>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Val acc</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Start lesson</source>
        <translation>开始课程</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Show runs</source>
        <translation>查看运行</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>LessonSession</name>
    <message>
        <source>The lesson is already running.</source>
        <translation>这节课程已经在进行中。</translation>
    </message>
    <message>
        <source>Stop the training first.</source>
        <translation>请先停止训练。</translation>
    </message>
    <message>
        <source>Starting a lesson</source>
        <translation>开始一节课程</translation>
    </message>
    <message>
        <source>The lesson was not started.</source>
        <translation>课程没有开始。</translation>
    </message>
    <message>
        <source>Loading the lesson&apos;s data ({0})…</source>
        <translation>正在加载课程的数据（{0}）…</translation>
    </message>
    <message>
        <source>The network could not be replaced, so the lesson stopped.</source>
        <translation>无法替换网络，课程已停止。</translation>
    </message>
    <message>
        <source>Training {0} ({1} of {2})…</source>
        <translation>正在训练 {0}（第 {1} 个，共 {2} 个）…</translation>
    </message>
    <message>
        <source>The lesson is done.</source>
        <translation>课程已完成。</translation>
    </message>
    <message>
        <source>The lesson was stopped.</source>
        <translation>课程已停止。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Changing the network</source>
        <extracomment>What to answer instead of asking when ``interactive`` is False.</extracomment>
        <translation>修改网络</translation>
    </message>
    <message>
        <source>Training on {device}…</source>
        <translation>正在 {device} 上训练…</translation>
    </message>
    <message>
        <source>network cannot be built</source>
        <translation>网络无法构建</translation>
    </message>
    <message>
        <source>{count:,} parameters</source>
        <translation>{count:,} 个参数</translation>
    </message>
    <message>
        <source>Could not load the dataset; the Data panel says why.</source>
        <translation>无法加载数据集；原因见“数据”面板。</translation>
    </message>
    <message>
        <source>Loaded {name}: {count:,} training images of {c}×{h}×{w}, {classes} classes.</source>
        <translation>已加载 {name}：{count:,} 张 {c}×{h}×{w} 的训练图像，{classes} 个类别。</translation>
    </message>
    <message>
        <source>A new session</source>
        <translation>新建会话</translation>
    </message>
    <message>
        <source>New session: the seed network with default hyperparameters.</source>
        <translation>新会话：初始网络和默认超参数。</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <source>Opened {0}: {1} parameters, {2} classes, {3}×{4}×{5} inputs.</source>
        <translation>已打开 {0}：{1} 个参数，{2} 个类别，输入为 {3}×{4}×{5}。</translation>
    </message>
    <message>
        <source>Opening {path}…</source>
        <translation>正在打开 {path}…</translation>
    </message>
    <message>
        <source>Export plots</source>
        <translation>导出曲线图</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not export to {path}: {reason}.</source>
        <translation>无法导出到 {path}：{reason}。</translation>
    </message>
    <message>
        <source>Exported {names}.</source>
        <translation>已导出 {names}。</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>Training is still running; closing stops it. Save the run before closing?</source>
        <translation>训练仍在进行；关闭会停止训练。关闭前要保存这次运行吗？</translation>
    </message>
    <message>
        <source>Could not save the run</source>
        <translation>无法保存运行</translation>
    </message>
</context>
<context>
    <name>ModelEditorPanel</name>
    <message>
        <source>custom (edited)</source>
        <translation>自定义（已编辑）</translation>
    </message>
    <message>
        <source>Start from a ready-made network; edit it below.</source>
        <translation>从一个现成的网络开始；在下方编辑。</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>加载…</translation>
    </message>
    <message>
        <source>Load a network from a JSON spec file.</source>
        <translation>从 JSON 描述文件加载网络。</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save this network as a JSON spec file.</source>
        <translation>把这个网络保存为 JSON 描述文件。</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Insert a new layer after the selected one.</source>
        <translation>在选中的层之后插入一个新层。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected layer.</source>
        <translation>删除选中的层。</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the selected layer up (or drag rows).</source>
        <translation>把选中的层上移（也可以拖动行）。</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the selected layer down (or drag rows).</source>
        <translation>把选中的层下移（也可以拖动行）。</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Insert a copy of the selected layer below it.</source>
        <translation>在选中的层下方插入它的副本。</translation>
    </message>
    <message>
        <source>Locked while training: the running network cannot change. Stop the run to edit it.</source>
        <translation>训练中已锁定：正在运行的网络不能修改。停止运行后再编辑。</translation>
    </message>
    <message>
        <source>Could not load the spec: {reason}</source>
        <translation>无法加载网络描述：{reason}</translation>
    </message>
    <message>
        <source>Could not save the spec to {path}: {reason}.</source>
        <translation>无法把网络描述保存到 {path}：{reason}。</translation>
    </message>
    <message>
        <source>Open network spec</source>
        <translation>打开网络描述</translation>
    </message>
    <message>
        <source>Network spec (*.json);;All files (*)</source>
        <translation>网络描述 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save network spec</source>
        <translation>保存网络描述</translation>
    </message>
    <message>
        <source>Network spec (*.json)</source>
        <translation>网络描述 (*.json)</translation>
    </message>
    <message>
        <source>Up to the error: </source>
        <translation>到出错处为止：</translation>
    </message>
    <message>
        <source>&lt;b&gt;{params:,}&lt;/b&gt; parameters · &lt;b&gt;{mult_adds}&lt;/b&gt; mult-adds per image · input {shape}, {classes} classes</source>
        <translation>&lt;b&gt;{params:,}&lt;/b&gt; 个参数 · 每张图像 &lt;b&gt;{mult_adds}&lt;/b&gt; 次乘加 · 输入 {shape}，{classes} 个类别</translation>
    </message>
    <message>
        <source>This network cannot be built. {reason}</source>
        <translation>这个网络无法构建。{reason}</translation>
    </message>
    <message>
        <source>Select a layer to edit its settings.</source>
        <translation>选择一层以编辑它的设置。</translation>
    </message>
    <message>
        <source>Layer {row} · {label} has no settings.</source>
        <translation>第 {row} 层 · {label} 没有可调的设置。</translation>
    </message>
    <message>
        <source>Layer {row} · {label} settings</source>
        <translation>第 {row} 层 · {label} 的设置</translation>
    </message>
</context>
<context>
    <name>ModelExport</name>
    <message>
        <source>Exported {format} to {files}: its logits differ from the model&apos;s by at most {diff} on {checked}.</source>
        <translation>已将 {format} 导出到 {files}：在 {checked} 上，它的 logits 与原模型最多相差 {diff}。</translation>
    </message>
</context>
<context>
    <name>ModuleTree</name>
    <message>
        <source>Find a layer (path or type, e.g. layer3 or Conv2d)</source>
        <translation>查找层（路径或类型，例如 layer3 或 Conv2d）</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>The opened model&apos;s modules (read-only): module path, output shape for one image, parameters (with those of the modules inside).</source>
        <translation>已打开模型的各个模块（只读）：模块路径、一张图像的输出形状、参数量（包含内部子模块的参数）。</translation>
    </message>
    <message>
        <source>Back to the network editor</source>
        <translation>返回网络编辑器</translation>
    </message>
    <message>
        <source>Stop looking at the opened model and edit your own network again.</source>
        <translation>不再查看已打开的模型，重新编辑你自己的网络。</translation>
    </message>
    <message>
        <source>{0} ({1}): {2} parameters, {3} classes, input {4}×{5}×{6}</source>
        <translation>{0}（{1}）：{2} 个参数，{3} 个类别，输入 {4}×{5}×{6}</translation>
    </message>
</context>
<context>
    <name>OpenModelDialog</name>
    <message>
        <source>Models (*.pt *.pth *.ts *.jit *.torchscript *.py);;TorchScript (*.pt *.pth *.ts *.jit);;Python (*.py)</source>
        <translation>模型 (*.pt *.pth *.ts *.jit *.torchscript *.py);;TorchScript (*.pt *.pth *.ts *.jit);;Python (*.py)</translation>
    </message>
    <message>
        <source>Weights (*.pt *.pth *.bin *.ckpt);;All files (*)</source>
        <translation>权重 (*.pt *.pth *.bin *.ckpt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Run this Python file?</source>
        <translation>运行这个 Python 文件吗？</translation>
    </message>
    <message>
        <source>{0} is Python code: opening it runs it with your permissions. Open it only if you trust where it came from.</source>
        <translation>{0} 是 Python 代码：打开它就会以你的权限运行它。只有在你信任它的来源时才打开。</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>torchvision architecture</source>
        <translation>torchvision 架构</translation>
    </message>
    <message>
        <source>TorchScript or Python file</source>
        <translation>TorchScript 或 Python 文件</translation>
    </message>
    <message>
        <source>torchvision&apos;s pretrained weights</source>
        <translation>torchvision 的预训练权重</translation>
    </message>
    <message>
        <source>model.pt, or net.py (optionally net.py:ClassName)</source>
        <translation>model.pt，或 net.py（也可写成 net.py:类名）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>optional: a state dict file; empty = random init</source>
        <translation>可选：一个 state dict 文件；留空 = 随机初始化</translation>
    </message>
    <message>
        <source>the model&apos;s own</source>
        <translation>使用模型自带的</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>输入尺寸</translation>
    </message>
    <message>
        <source>Type or pick an architecture name.</source>
        <translation>请输入或选择一个架构名称。</translation>
    </message>
    <message>
        <source>Choose a TorchScript (.pt) or Python (.py) file.</source>
        <translation>请选择一个 TorchScript（.pt）或 Python（.py）文件。</translation>
    </message>
    <message>
        <source>Not opened: the Python file was not trusted, so it was not run.</source>
        <translation>未打开：这个 Python 文件未被信任，因此没有运行它。</translation>
    </message>
    <message>
        <source>Download cancelled; nothing was kept.</source>
        <translation>下载已取消；没有保留任何文件。</translation>
    </message>
    <message>
        <source>torchvision&apos;s pretrained weights (none for this architecture)</source>
        <translation>torchvision 的预训练权重（此架构没有）</translation>
    </message>
    <message>
        <source>torchvision&apos;s pretrained weights (already downloaded)</source>
        <translation>torchvision 的预训练权重（已下载）</translation>
    </message>
    <message>
        <source>torchvision&apos;s pretrained weights (downloads {0} MB)</source>
        <translation>torchvision 的预训练权重（需下载 {0} MB）</translation>
    </message>
    <message>
        <source>Getting torchvision&apos;s pretrained weights for {0}…</source>
        <translation>正在获取 {0} 的 torchvision 预训练权重…</translation>
    </message>
    <message>
        <source>%p% of {0} MB</source>
        <translation>{0} MB 的 %p%</translation>
    </message>
    <message>
        <source>Downloading torchvision&apos;s pretrained weights for {0}…</source>
        <translation>正在下载 {0} 的 torchvision 预训练权重…</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>Open a weights file</source>
        <translation>打开权重文件</translation>
    </message>
</context>
<context>
    <name>PlotsView</name>
    <message>
        <source>How strongly the bold loss and accuracy lines are smoothed (exponential moving average). 0 shows the raw values; 0.9-0.99 shows the trend of a noisy run.</source>
        <translation>粗线（损失和准确率）的平滑程度（指数移动平均）。0 显示原始值；0.9-0.99 能看出噪声较大的训练的趋势。</translation>
    </message>
    <message>
        <source>Raw loss</source>
        <translation>原始损失</translation>
    </message>
    <message>
        <source>Show every step&apos;s loss as a faint line behind the smoothed one.</source>
        <translation>在平滑曲线后面用淡线显示每一步的损失。</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Zoom all plots out to show the whole run again.</source>
        <translation>缩小所有图表，重新显示整个训练过程。</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Save the three plots as one PNG image.</source>
        <translation>把三张图表保存为一个 PNG 图像。</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save the metrics as CSV: one row per step, plus a second file ending in _epochs.csv with one row per epoch.</source>
        <translation>把指标保存为 CSV：每一步一行，另有一个以 _epochs.csv 结尾的文件，每轮一行。</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>train loss (per step)</source>
        <translation>训练损失（每步）</translation>
    </message>
    <message>
        <source>train loss (smoothed)</source>
        <translation>训练损失（平滑）</translation>
    </message>
    <message>
        <source>validation loss (per epoch)</source>
        <translation>验证损失（每轮）</translation>
    </message>
    <message>
        <source>train (smoothed)</source>
        <translation>训练（平滑）</translation>
    </message>
    <message>
        <source>validation (per epoch)</source>
        <translation>验证（每轮）</translation>
    </message>
    <message>
        <source>Could not write the image {path}.</source>
        <translation>无法写入图像 {path}。</translation>
    </message>
    <message>
        <source>Export plots as PNG</source>
        <translation>将曲线图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Saved {names}.</source>
        <translation>已保存 {names}。</translation>
    </message>
    <message>
        <source>Export metrics as CSV</source>
        <translation>将指标导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
    <message>
        <source>Could not save the metrics: {reason}.</source>
        <translation>无法保存指标：{reason}。</translation>
    </message>
</context>
<context>
    <name>ProbeControls</name>
    <message>
        <source>Shift x</source>
        <extracomment>slider name -&gt; (minimum, maximum, ProbeTransform field, slider units per field unit)</extracomment>
        <translation>水平平移</translation>
    </message>
    <message>
        <source>Move the image right (or left), in pixels; zeros come in.</source>
        <translation>把图像向右（或向左）移动若干像素；空出的地方补零。</translation>
    </message>
    <message>
        <source>Shift y</source>
        <translation>垂直平移</translation>
    </message>
    <message>
        <source>Move the image down (or up), in pixels.</source>
        <translation>把图像向下（或向上）移动若干像素。</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Turn the image counter-clockwise, in degrees.</source>
        <translation>把图像逆时针旋转，单位为度。</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Zoom in or out about the centre, in percent.</source>
        <translation>以中心为基准放大或缩小，单位为百分比。</translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation>亮度</translation>
    </message>
    <message>
        <source>Add to every pixel (percent of full scale).</source>
        <translation>给每个像素加上一个值（满量程的百分比）。</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>对比度</translation>
    </message>
    <message>
        <source>Stretch pixels away from mid-grey, in percent.</source>
        <translation>让像素远离中灰色，单位为百分比。</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Gaussian noise: its standard deviation in percent of full scale.</source>
        <translation>高斯噪声：标准差占满量程的百分比。</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>遮挡块</translation>
    </message>
    <message>
        <source>Side of the grey occluding square; drag it over the input.</source>
        <translation>灰色遮挡方块的边长；可以在输入图像上拖动它。</translation>
    </message>
    <message>
        <source>Occlude</source>
        <translation>遮挡</translation>
    </message>
    <message>
        <source>Cover part of the image with a grey square you drag over the input.</source>
        <translation>用一个可在输入图像上拖动的灰色方块遮住图像的一部分。</translation>
    </message>
    <message>
        <source>Flip ↔</source>
        <translation>翻转 ↔</translation>
    </message>
    <message>
        <source>Mirror the image left to right.</source>
        <translation>把图像左右镜像。</translation>
    </message>
    <message>
        <source>Flip ↕</source>
        <translation>翻转 ↕</translation>
    </message>
    <message>
        <source>Mirror the image top to bottom.</source>
        <translation>把图像上下镜像。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>复位</translation>
    </message>
    <message>
        <source>Show the image as it is.</source>
        <translation>显示原始图像。</translation>
    </message>
</context>
<context>
    <name>ProbePanel</name>
    <message>
        <source>Draw</source>
        <translation>绘画</translation>
    </message>
    <message>
        <source>Paint your own input with the mouse; the prediction and every layer&apos;s maps follow as you draw.</source>
        <translation>用鼠标画出你自己的输入；预测和每一层的特征图会随着你的绘画实时更新。</translation>
    </message>
    <message>
        <source>Brush </source>
        <translation>画笔 </translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Brush size, in input pixels.</source>
        <translation>画笔大小，以输入像素为单位。</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>颜色…</translation>
    </message>
    <message>
        <source>The brush colour (colour datasets).</source>
        <translation>画笔颜色（用于彩色数据集）。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Start a fresh, black canvas.</source>
        <translation>换一张全黑的新画布。</translation>
    </message>
    <message>
        <source>Change the input</source>
        <translation>改变输入</translation>
    </message>
    <message>
        <source>Shift, turn, scale, flip, brighten, add noise or cover part of the image, and watch the maps and probabilities follow.</source>
        <translation>平移、旋转、缩放、翻转、调亮图像，加噪声或遮住一部分，观察特征图和概率如何随之变化。</translation>
    </message>
    <message>
        <source>Effective field</source>
        <translation>有效感受野</translation>
    </message>
    <message>
        <source>Also colour the input by how strongly each pixel moves the hovered unit (the size of its input gradient).</source>
        <translation>同时按每个像素对鼠标所指单元的影响强弱给输入着色（即输入梯度的大小）。</translation>
    </message>
    <message>
        <source>The receptive field of the unit under the mouse in the feature maps.</source>
        <translation>特征图中鼠标所指单元的感受野。</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Brush colour</source>
        <translation>画笔颜色</translation>
    </message>
</context>
<context>
    <name>ProbePicker</name>
    <message>
        <source>Validation images: click one to see what the network makes of it.</source>
        <translation>验证图像：点击一张，看看网络对它的判断。</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Look at an image file of your own (you can also drop one here). It is cropped to a square and resized to the network&apos;s input.</source>
        <translation>查看你自己的图像文件（也可以直接拖到这里）。图像会被裁成正方形并缩放到网络的输入尺寸。</translation>
    </message>
    <message>
        <source>validation image {index}: {name}</source>
        <translation>验证图像 {index}：{name}</translation>
    </message>
</context>
<context>
    <name>ProbsChart</name>
    <message>
        <source>The network&apos;s guess for the image appears here.</source>
        <translation>网络对这张图像的猜测会显示在这里。</translation>
    </message>
    <message>
        <source>probability</source>
        <extracomment>Class names longer than this are shortened on the axis (ImageNet has &quot;Greater Swiss Mountain dog&quot;), so the bars keep their width in a narrow chart; the caption keeps the full name.</extracomment>
        <translation>概率</translation>
    </message>
    <message>
        <source>No prediction yet.</source>
        <translation>还没有预测。</translation>
    </message>
    <message>
        <source>Predicted class probabilities</source>
        <translation>预测的各类别概率</translation>
    </message>
    <message>
        <source>Predicted: {name} ({percent:.0f}%)</source>
        <translation>预测：{name}（{percent:.0f}%）</translation>
    </message>
    <message>
        <source> · top {top} of {count} classes</source>
        <translation> · {count} 个类别中的前 {top} 个</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>{guess} · true: {name} · {verdict}</source>
        <translation>{guess} · 真实：{name} · {verdict}</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>The application is closing.</source>
        <translation>程序正在关闭。</translation>
    </message>
    <message>
        <source>The training thread is still running.</source>
        <translation>训练线程仍在运行。</translation>
    </message>
    <message>
        <source>PyTorch is still loading.</source>
        <translation>PyTorch 仍在加载。</translation>
    </message>
    <message>
        <source>Load a dataset first.</source>
        <translation>请先加载数据集。</translation>
    </message>
    <message>
        <source>The opened model has {0} classes and the dataset {1}; evaluate it on a dataset with its classes, or fine-tune it on this one first.</source>
        <translation>打开的模型有 {0} 个类别，而数据集有 {1} 个；请在类别相同的数据集上评估它，或者先在这个数据集上微调它。</translation>
    </message>
    <message>
        <source>The network cannot be built: {reason}.</source>
        <translation>网络无法构建：{reason}。</translation>
    </message>
</context>
<context>
    <name>RunCurves</name>
    <message>
        <source>Loss</source>
        <extracomment>Distinct colours for up to ten runs (they repeat after that). Opacity of the per-step training curves.</extracomment>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>RunFiles</name>
    <message>
        <source>The trained run is not saved</source>
        <translation>训练好的运行尚未保存</translation>
    </message>
    <message>
        <source>Opening another run</source>
        <translation>打开另一次运行</translation>
    </message>
    <message>
        <source>Open run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <source>ConvNet Studio run (*.pt);;All files (*)</source>
        <translation>ConvNet Studio 运行文件 (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Stop the run before saving it.</source>
        <translation>请先停止运行再保存。</translation>
    </message>
    <message>
        <source>There is no trained run to save yet; press Train first.</source>
        <translation>还没有训练过的运行可以保存；请先按“训练”。</translation>
    </message>
    <message>
        <source>Could not save the run: {error}</source>
        <translation>无法保存运行：{error}</translation>
    </message>
    <message>
        <source>Saved the run to {path}.</source>
        <translation>运行已保存到 {path}。</translation>
    </message>
    <message>
        <source>Could not open the run: {error}</source>
        <translation>无法打开运行：{error}</translation>
    </message>
    <message>
        <source>Could not open the run</source>
        <translation>无法打开运行</translation>
    </message>
    <message>
        <source>Opened {name}: {epochs} epochs, {steps:,} steps trained. Press Train to continue it.</source>
        <translation>已打开 {name}：已训练 {epochs} 轮、{steps:,} 步。按“训练”可以继续。</translation>
    </message>
    <message>
        <source>Save run</source>
        <translation>保存运行</translation>
    </message>
    <message>
        <source>ConvNet Studio run (*.pt)</source>
        <translation>ConvNet Studio 运行文件 (*.pt)</translation>
    </message>
    <message>
        <source>{doing} starts the network again from step 0, and the run trained to step {step:,} is not saved. Save it first?</source>
        <translation>{doing}会让网络从第 0 步重新开始，而训练到第 {step:,} 步的运行还没有保存。先保存吗？</translation>
    </message>
    <message>
        <source>The trained run was discarded.</source>
        <translation>训练好的运行已丢弃。</translation>
    </message>
    <message>
        <source>The run trained to step {step:,} is not saved; closing throws it away. Save it before closing?</source>
        <translation>训练到第 {step:,} 步的运行还没有保存；关闭会丢弃它。关闭前要保存吗？</translation>
    </message>
</context>
<context>
    <name>RunHooks</name>
    <message>
        <source>This run writes no TensorBoard logs: it has no run folder to keep them in.</source>
        <translation>这次运行不写 TensorBoard 日志：它没有可存放日志的运行文件夹。</translation>
    </message>
    <message>
        <source>{0}; this run writes no logs.</source>
        <translation>{0}；这次运行不写日志。</translation>
    </message>
    <message>
        <source>TensorBoard logs: {0}</source>
        <translation>TensorBoard 日志：{0}</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <source>Train</source>
        <extracomment>action name -&gt; (text, shortcuts, tooltip)</extracomment>
        <translation>训练</translation>
    </message>
    <message>
        <source>Start training the network with these hyperparameters</source>
        <translation>用这些超参数开始训练网络</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause training after the current step</source>
        <translation>在当前这一步之后暂停训练</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue a paused run</source>
        <translation>继续已暂停的训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End the run (the trained weights are kept and can be saved)</source>
        <translation>结束这次运行（训练好的权重会保留，可以保存）</translation>
    </message>
    <message>
        <source>Not started</source>
        <extracomment>The progress bar and the speed/ETA line change at most this often (ms): each change repaints and re-lays out the panel (half a millisecond of the GUI thread, which training shares).</extracomment>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Press Train to start.</source>
        <translation>按“训练”开始。</translation>
    </message>
    <message>
        <source>Cannot train: {reason}</source>
        <extracomment>``ask_continue(step)`` -&gt; &quot;continue&quot;, &quot;restart&quot; or None (cancel); the window sets it.</extracomment>
        <translation>无法训练：{reason}</translation>
    </message>
    <message>
        <source>Building the network and moving the data to the device…</source>
        <translation>正在构建网络并把数据移到设备上…</translation>
    </message>
    <message>
        <source>Paused · {progress}</source>
        <translation>已暂停 · {progress}</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>将在当前这一步之后停止…</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs}</source>
        <translation>第 {epoch}/{epochs} 轮</translation>
    </message>
    <message>
        <source> · starting</source>
        <translation> · 正在开始</translation>
    </message>
    <message>
        <source>Training on {device} · {count:,} parameters</source>
        <translation>正在 {device} 上训练 · {count:,} 个参数</translation>
    </message>
    <message>
        <source>Computing in {0}</source>
        <translation>计算精度：{0}</translation>
    </message>
    <message>
        <source>1 CPU thread</source>
        <translation>1 个 CPU 线程</translation>
    </message>
    <message>
        <source>{0} CPU threads</source>
        <translation>{0} 个 CPU 线程</translation>
    </message>
    <message>
        <source>Computing in {0} · {1}</source>
        <translation>计算精度：{0} · {1}</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · step {step:,}/{steps:,}</source>
        <translation>第 {epoch}/{epochs} 轮 · 第 {step:,}/{steps:,} 步</translation>
    </message>
    <message>
        <source> · val acc {accuracy:.1%}</source>
        <translation> · 验证准确率 {accuracy:.1%}</translation>
    </message>
    <message>
        <source>{speed:,.0f} img/s · ETA {eta} · loss {loss:.3f}</source>
        <translation>{speed:,.0f} 张/秒 · 预计剩余 {eta} · 损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>Epoch {epoch} done: validation accuracy {accuracy:.1%}, loss {loss:.3f} ({speed:,.0f} img/s)</source>
        <translation>第 {epoch} 轮完成：验证集准确率 {accuracy:.1%}，损失 {loss:.3f}（{speed:,.0f} 张/秒）</translation>
    </message>
    <message>
        <source>Finished at step {step:,}</source>
        <translation>在第 {step:,} 步完成</translation>
    </message>
    <message>
        <source>Stopped at step {step:,}</source>
        <translation>在第 {step:,} 步停止</translation>
    </message>
    <message>
        <source>Diverged at step {step:,}</source>
        <translation>在第 {step:,} 步发散</translation>
    </message>
    <message>
        <source>Failed at step {step:,}</source>
        <translation>在第 {step:,} 步失败</translation>
    </message>
    <message>
        <source>{count} epoch done</source>
        <translation>已完成 {count} 轮</translation>
    </message>
    <message>
        <source>{count} epochs done</source>
        <translation>已完成 {count} 轮</translation>
    </message>
    <message>
        <source>Loaded at step {step:,} · {done}</source>
        <translation>已加载第 {step:,} 步 · {done}</translation>
    </message>
    <message>
        <source>Opened a run trained for {step:,} steps ({done}). Press Train to continue it.</source>
        <translation>已打开一个训练了 {step:,} 步的运行（{done}）。按“训练”可以继续。</translation>
    </message>
</context>
<context>
    <name>RunsTable</name>
    <message>
        <source>running</source>
        <extracomment>A run&apos;s status (core.runs) and the network names run_rows makes up, as the table shows them.</extracomment>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>opened model</source>
        <translation>打开的模型</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Refresh</source>
        <extracomment>Re-read the folder at most this often while it changes (a run writes every second or so). Checks for status changes (heartbeats, interruptions) while the view is shown.</extracomment>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Tags…</source>
        <translation>标签…</translation>
    </message>
    <message>
        <source>Note…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Select two runs to compare their settings.</source>
        <translation>选择两次运行，比较它们的设置。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Best val acc</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>{0} runs · {1} on disk</source>
        <translation>{0} 次运行 · 占用磁盘 {1}</translation>
    </message>
    <message>
        <source>1 setting differs.</source>
        <translation>有 1 项设置不同。</translation>
    </message>
    <message>
        <source>{0} settings differ.</source>
        <translation>有 {0} 项设置不同。</translation>
    </message>
    <message>
        <source>That run is no longer there.</source>
        <translation>这次运行已经不在了。</translation>
    </message>
    <message>
        <source>A run needs a name.</source>
        <translation>运行需要一个名称。</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Tag run</source>
        <translation>给运行加标签</translation>
    </message>
    <message>
        <source>Tags, separated by commas:</source>
        <translation>标签（用逗号分隔）：</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete {0} run(s) ({1}) for good? This frees {2} and cannot be undone.</source>
        <translation>要永久删除这 {0} 次运行（{1}）吗？这会释放 {2}，且无法撤销。</translation>
    </message>
</context>
<context>
    <name>SettingsDiff</name>
    <message>
        <source>Setting</source>
        <extracomment>Background of a row whose values differ (translucent, so it reads on light and dark themes).</extracomment>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Shortcuts work anywhere in the window. Training can also be steered from the Run menu.</source>
        <translation>快捷键在窗口的任何地方都有效。也可以通过“运行”菜单控制训练。</translation>
    </message>
</context>
<context>
    <name>SkippedFilesDialog</name>
    <message>
        <source>… and {count:,} more</source>
        <translation>……还有 {count:,} 个</translation>
    </message>
    <message>
        <source>Skipped image files</source>
        <translation>跳过的图像文件</translation>
    </message>
    <message>
        <source>{count:,} file(s) in {folder} could not be read as images and were left out:</source>
        <translation>{folder} 中有 {count:,} 个文件无法作为图像读取，已略过：</translation>
    </message>
</context>
<context>
    <name>SpecErrors</name>
    <message>
        <source>Layer {index}: {reason}</source>
        <extracomment>The translation context of every core catalogue template (see catalogue_sources.py).</extracomment>
        <translation>第 {index} 层：{reason}</translation>
    </message>
    <message>
        <source>layer {index}: {reason}</source>
        <translation>第 {index} 层：{reason}</translation>
    </message>
</context>
<context>
    <name>StudioState</name>
    <message>
        <source>Wait until PyTorch has finished loading.</source>
        <extracomment>Input shape and class count used for shape inference before any dataset is loaded.</extracomment>
        <translation>请等待 PyTorch 加载完成。</translation>
    </message>
    <message>
        <source>Wait until the dataset has finished loading.</source>
        <translation>请等待数据集加载完成。</translation>
    </message>
    <message>
        <source>Load a dataset first.</source>
        <translation>请先加载数据集。</translation>
    </message>
    <message>
        <source>The network cannot be built: {reason}.</source>
        <translation>网络无法构建：{reason}。</translation>
    </message>
    <message>
        <source>A run is already in progress.</source>
        <translation>已有一次运行正在进行。</translation>
    </message>
</context>
<context>
    <name>TensorBoardToggle</name>
    <message>
        <source>Write &amp;TensorBoard logs</source>
        <translation>写入 TensorBoard 日志(&amp;T)</translation>
    </message>
    <message>
        <source>Log loss, accuracy, learning rate, weight histograms and filters into each run&apos;s folder, for tensorboard --logdir {0}</source>
        <translation>把损失、准确率、学习率、权重直方图和滤波器记录到每次运行的文件夹中，供 tensorboard --logdir {0} 查看</translation>
    </message>
    <message>
        <source>The next runs write TensorBoard logs into their run folders; see them all with tensorboard --logdir {0}</source>
        <translation>接下来的运行会把 TensorBoard 日志写入各自的运行文件夹；用 tensorboard --logdir {0} 查看全部</translation>
    </message>
    <message>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
</context>
<context>
    <name>TimelapseFiles</name>
    <message>
        <source>Open a run folder&apos;s time-lapse</source>
        <translation>打开运行文件夹的延时记录</translation>
    </message>
    <message>
        <source>Replaying the time-lapse of {0} ({1} frames).</source>
        <translation>正在回放 {0} 的延时记录（{1} 帧）。</translation>
    </message>
    <message>
        <source>There is no time-lapse to export: train a run, or open a run folder with File ▸ Open time-lapse first.</source>
        <translation>没有可导出的延时记录：请先训练一次，或用 文件 ▸ 打开延时记录 打开一个运行文件夹。</translation>
    </message>
    <message>
        <source>Export the time-lapse</source>
        <translation>导出延时记录</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif);;PNG frames, written into a folder (*.png)</source>
        <translation>GIF 动画 (*.gif);;PNG 帧，写入一个文件夹 (*.png)</translation>
    </message>
    <message>
        <source>Exporting the time-lapse to {0}…</source>
        <translation>正在把延时记录导出到 {0}…</translation>
    </message>
    <message>
        <source>Could not export the time-lapse: {0}</source>
        <translation>无法导出延时记录：{0}</translation>
    </message>
    <message>
        <source>Exported {0} time-lapse frames to {1}.</source>
        <translation>已将 {0} 帧延时记录导出到 {1}。</translation>
    </message>
</context>
<context>
    <name>TimelapsePlayer</name>
    <message>
        <source>Frame {0} cannot be read: {1}.</source>
        <extracomment>How often a recording run&apos;s new frames are looked for. Time between frames while playing.</extracomment>
        <translation>无法读取第 {0} 帧：{1}。</translation>
    </message>
</context>
<context>
    <name>TimelapseScrubber</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Replay how the network changed during training, frame by frame.</source>
        <translation>逐帧回放网络在训练中的变化。</translation>
    </message>
    <message>
        <source>Time-lapse: drag to see the network as it was at an earlier step.</source>
        <translation>延时记录：拖动滑块，查看网络在更早某一步时的样子。</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Show the network as it is now.</source>
        <translation>显示网络现在的样子。</translation>
    </message>
    <message>
        <source>Time-lapse</source>
        <translation>延时记录</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>step {0} · epoch {1} · {2}/{3}</source>
        <translation>第 {0} 步 · 第 {1} 轮 · {2}/{3}</translation>
    </message>
    <message>
        <source>Live · {0} frames</source>
        <translation>实时 · {0} 帧</translation>
    </message>
    <message>
        <source>Live · no frames yet</source>
        <translation>实时 · 还没有帧</translation>
    </message>
</context>
<context>
    <name>TopImages</name>
    <message>
        <source>Top validation images</source>
        <translation>响应最强的验证图像</translation>
    </message>
    <message>
        <source>Whole images</source>
        <translation>整张图像</translation>
    </message>
    <message>
        <source>Receptive-field patches</source>
        <translation>感受野区域</translation>
    </message>
    <message>
        <source>Show the whole images, or only the part the unit can see around its strongest response.</source>
        <translation>显示整张图像，或只显示单元在最强响应处能“看到”的那部分。</translation>
    </message>
    <message>
        <source>Click an image to look at it in Feature maps and Attribution.</source>
        <translation>点击一张图像，在“特征图”和“归因”中查看。</translation>
    </message>
    <message>
        <source>Validation image {index} ({name}): strongest response {value:.4g}</source>
        <translation>验证图像 {index}（{name}）：最强响应 {value:.4g}</translation>
    </message>
    <message>
        <source>The {count} validation patches its receptive field covers that excite {unit} most</source>
        <translation>最能激发{unit}的 {count} 个验证图像感受野区域</translation>
    </message>
    <message>
        <source>The {count} validation images that excite {unit} most</source>
        <translation>最能激发{unit}的 {count} 张验证图像</translation>
    </message>
</context>
<context>
    <name>TorchLoader</name>
    <message>
        <source>PyTorch could not be loaded: {reason}</source>
        <translation>无法加载 PyTorch：{reason}</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>The run ended.</source>
        <translation>运行已结束。</translation>
    </message>
    <message>
        <source>There is no trained run to save yet; press Train first.</source>
        <translation>还没有训练过的运行可以保存；请先按“训练”。</translation>
    </message>
    <message>
        <source>There is no trained run to export yet; press Train first.</source>
        <translation>还没有训练过的运行可以导出；请先按“训练”。</translation>
    </message>
    <message>
        <source>The run was trained with {saved}; {optimizer} starts with a fresh optimizer state (the weights are kept).</source>
        <translation>这次运行是用 {saved} 训练的；{optimizer} 将从全新的优化器状态开始（权重保留）。</translation>
    </message>
    <message>
        <source>This run is not being kept in the runs folder ({0}); training goes on, and File ▸ Save run can keep it.</source>
        <translation>这次运行没有保存在运行文件夹中（{0}）；训练会继续，可以用 文件 ▸ 保存运行 保存它。</translation>
    </message>
</context>
<context>
    <name>UnitsView</name>
    <message>
        <source>A convolution layer (one image per filter) or the output layer (one image per class).</source>
        <translation>一个卷积层（每个滤波器一张图）或输出层（每个类别一张图）。</translation>
    </message>
    <message>
        <source>Centre position</source>
        <translation>中心位置</translation>
    </message>
    <message>
        <source>Whole feature map</source>
        <translation>整张特征图</translation>
    </message>
    <message>
        <source>Maximise the unit&apos;s mean over its whole map (a texture), or only its middle position (a local pattern, like its receptive field).</source>
        <translation>最大化单元在整张特征图上的平均值（得到一种纹理），或只最大化中心位置（得到一个局部图案，接近它的感受野）。</translation>
    </message>
    <message>
        <source>Synthesise the images for the current weights (a few seconds of CPU; while a run trains, it waits until the run is paused or ends).</source>
        <translation>根据当前权重合成图像（需要几秒 CPU；训练进行时会等到训练暂停或结束）。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>{0} — {1} filters</source>
        <translation>{0} —— {1} 个滤波器</translation>
    </message>
    <message>
        <source>{0} output — {1} classes</source>
        <translation>{0} 输出 —— {1} 个类别</translation>
    </message>
    <message>
        <source>#{index} {label} — {count} filters</source>
        <translation>#{index} {label} —— {count} 个滤波器</translation>
    </message>
    <message>
        <source>#{index} output — {count} classes</source>
        <translation>#{index} 输出层 —— {count} 个类别</translation>
    </message>
    <message>
        <source>Cancelled: press Compute to start again.</source>
        <translation>已取消：按“计算”重新开始。</translation>
    </message>
    <message>
        <source>Could not synthesise the images: {reason}</source>
        <translation>无法合成图像：{reason}</translation>
    </message>
    <message>
        <source>Load a dataset to see what the units want.</source>
        <translation>加载数据集后即可查看各单元“想看到”什么。</translation>
    </message>
    <message>
        <source>show what its units want</source>
        <translation>显示它的单元“想看到”什么</translation>
    </message>
    <message>
        <source>This network has no layer whose units can be shown.</source>
        <translation>这个网络没有可以显示单元的层。</translation>
    </message>
    <message>
        <source>Waiting for the run: the images are synthesised when it is paused or has ended (computing them now would take CPU from training).</source>
        <translation>等待训练：图像会在训练暂停或结束时合成（现在计算会占用训练的 CPU）。</translation>
    </message>
    <message>
        <source>A run is training: press Compute and the images are synthesised when it is paused or has ended, so training keeps the CPU.</source>
        <translation>正在训练：按“计算”后，图像会在训练暂停或结束时合成，训练不会被抢走 CPU。</translation>
    </message>
    <message>
        <source>Computing what each unit wants…</source>
        <translation>正在计算每个单元“想看到”什么…</translation>
    </message>
    <message>
        <source>Press Compute to synthesise, for each unit of this layer, the input that drives it hardest (a few seconds of CPU).</source>
        <translation>按“计算”，为这一层的每个单元合成最能激发它的输入（需要几秒 CPU）。</translation>
    </message>
    <message>
        <source>{count} class: each image is the input that drives its class hardest</source>
        <translation>{count} 个类别：每张图像都是最能激发该类别的输入</translation>
    </message>
    <message>
        <source>{count} classes: each image is the input that drives its class hardest</source>
        <translation>{count} 个类别：每张图像都是最能激发该类别的输入</translation>
    </message>
    <message>
        <source>{count} filter: each image is the input that drives its filter hardest</source>
        <translation>{count} 个滤波器：每张图像都是最能激发该滤波器的输入</translation>
    </message>
    <message>
        <source>{count} filters: each image is the input that drives its filter hardest</source>
        <translation>{count} 个滤波器：每张图像都是最能激发该滤波器的输入</translation>
    </message>
    <message>
        <source> ({steps} ascent steps from noise, median gain {gain:.3g}) · model at step {step} · click one for its top images</source>
        <translation>（从噪声出发做 {steps} 步梯度上升，增益中位数 {gain:.3g}）· 第 {step} 步的模型 · 点击一张查看响应最强的图像</translation>
    </message>
    <message>
        <source>. Waiting for the run to pause or end to compute them again.</source>
        <translation>。等待训练暂停或结束后重新计算。</translation>
    </message>
    <message>
        <source>. Computing them again…</source>
        <translation>。正在重新计算…</translation>
    </message>
    <message>
        <source>. The model has trained since (step {step}): press Compute to update.</source>
        <translation>。模型之后又训练了（第 {step} 步）：按“计算”更新。</translation>
    </message>
    <message>
        <source>class {name}</source>
        <translation>类别 {name}</translation>
    </message>
    <message>
        <source>filter {index}</source>
        <translation>滤波器 {index}</translation>
    </message>
    <message>
        <source>{unit}: activation {start:.3g} on noise, {end:.3g} on this image</source>
        <translation>{unit}：在噪声上的激活值 {start:.3g}，在这张图像上为 {end:.3g}</translation>
    </message>
</context>
<context>
    <name>WatchWindow</name>
    <message>
        <source>Watching {0}</source>
        <translation>正在关注 {0}</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <source>No checkpoint yet.</source>
        <translation>还没有检查点。</translation>
    </message>
    <message>
        <source>Show the latest checkpoint in the studio&apos;s views</source>
        <translation>在工作室的各个视图中显示最新的检查点</translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation>停止这次运行</translation>
    </message>
    <message>
        <source>Write the run&apos;s stop request file (control/stop); the trainer checks for it between steps and stops, saving the run</source>
        <translation>写入这次运行的停止请求文件（control/stop）；训练程序在每两步之间检查它，发现后保存运行并停止</translation>
    </message>
    <message>
        <source>Loss per step</source>
        <translation>每一步的损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Per epoch</source>
        <translation>每一轮</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>val accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>steps.csv started over (the run was rewound or its file truncated); the curve starts again.</source>
        <translation>steps.csv 从头开始了（运行被回退，或文件被截断）；曲线重新开始。</translation>
    </message>
    <message>
        <source>, {0} processes</source>
        <translation>，{0} 个进程</translation>
    </message>
    <message>
        <source>{0} ({1}): {2} on {3}{4}</source>
        <translation>{0}（{1}）：{2}，在 {3} 上{4}</translation>
    </message>
    <message>
        <source>Latest checkpoint: {0}</source>
        <translation>最新检查点：{0}</translation>
    </message>
    <message>
        <source>The studio has its own run; the watched checkpoint is not shown in its views.</source>
        <translation>工作室有自己的运行；所关注的检查点不会显示在它的视图中。</translation>
    </message>
    <message>
        <source>The studio trains a run of its own; its time-lapse scrubbers follow that run, not this one.</source>
        <translation>工作室正在训练自己的一次运行；它的延时记录滑块跟随那次运行，而不是这一次。</translation>
    </message>
    <message>
        <source>The studio&apos;s time-lapse scrubbers do not follow this run.</source>
        <translation>工作室的延时记录滑块不跟随这次运行。</translation>
    </message>
    <message>
        <source>Time-lapse: {0} frames, in the studio&apos;s Filters and Feature maps views</source>
        <translation>延时记录：{0} 帧，可在工作室的“滤波器”和“特征图”视图中查看</translation>
    </message>
    <message>
        <source>Time-lapse: no frames yet.</source>
        <translation>延时记录：还没有帧。</translation>
    </message>
    <message>
        <source>Could not ask the run to stop: {0}</source>
        <translation>无法请求这次运行停止：{0}</translation>
    </message>
    <message>
        <source>Asked the run to stop ({0}); it stops within a second or two of training.</source>
        <translation>已请求这次运行停止（{0}）；它会在一两秒的训练之内停下。</translation>
    </message>
</context>
<context>
    <name>WatchedRuns</name>
    <message>
        <source>Watch run folder</source>
        <translation>关注运行文件夹</translation>
    </message>
    <message>
        <source>Cannot watch {0}: {1}</source>
        <translation>无法关注 {0}：{1}</translation>
    </message>
    <message>
        <source>Not a run folder</source>
        <translation>不是运行文件夹</translation>
    </message>
</context>
<context>
    <name>_FolderReader</name>
    <message>
        <source>The run folder {0} is gone (deleted or moved); watching stopped.</source>
        <translation>运行文件夹 {0} 已不存在（被删除或移动）；已停止关注。</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>A playground for convolutional networks: pick data, edit a network, train it and watch it learn — filters, feature maps and curves, live.</source>
        <translation>卷积神经网络的游乐场：挑选数据、编辑网络、训练它，实时观察它如何学习 —— 滤波器、特征图和曲线。</translation>
    </message>
    <message>
        <source>About ConvNet Studio</source>
        <translation>关于 ConvNet Studio</translation>
    </message>
    <message>
        <source>  or  </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>Continue the run?</source>
        <translation>继续这次运行吗？</translation>
    </message>
    <message>
        <source>The last run stopped at step {step:,}. Continue it with the same weights and optimizer, or start over from step 0?</source>
        <translation>上一次运行停在第 {step:,} 步。要用同样的权重和优化器继续，还是从第 0 步重新开始？</translation>
    </message>
    <message>
        <source>Continue from step {step:,}</source>
        <translation>从第 {step:,} 步继续</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>重新开始</translation>
    </message>
</context>
<context>
    <name>menus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start over with the seed network and default hyperparameters</source>
        <translation>用初始网络和默认超参数重新开始</translation>
    </message>
    <message>
        <source>&amp;Open run…</source>
        <translation>打开运行(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a saved run; Train then continues it</source>
        <translation>打开已保存的运行；之后按“训练”可继续训练</translation>
    </message>
    <message>
        <source>&amp;Save run…</source>
        <translation>保存运行(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the trained weights, hyperparameters and history</source>
        <translation>保存训练好的权重、超参数和历史记录</translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Look inside a torchvision, TorchScript or Python model of your own</source>
        <translation>查看 torchvision 模型，或你自己的 TorchScript、Python 模型的内部</translation>
    </message>
    <message>
        <source>&amp;Watch run folder…</source>
        <translation>关注运行文件夹(&amp;W)…</translation>
    </message>
    <message>
        <source>Follow a run that another process trains (e.g. convnet-studio train under torchrun)</source>
        <translation>跟随另一个进程正在训练的运行（例如在 torchrun 下运行的 convnet-studio train）</translation>
    </message>
    <message>
        <source>Open &amp;spec…</source>
        <translation>打开网络描述(&amp;S)…</translation>
    </message>
    <message>
        <source>Load a network from a JSON spec file</source>
        <translation>从 JSON 描述文件加载网络</translation>
    </message>
    <message>
        <source>Save s&amp;pec…</source>
        <translation>保存网络描述(&amp;P)…</translation>
    </message>
    <message>
        <source>Save the network as a JSON spec file</source>
        <translation>把网络保存为 JSON 描述文件</translation>
    </message>
    <message>
        <source>Export &amp;model…</source>
        <translation>导出模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Write the trained network as a PyTorch script, ONNX, TorchScript or weights</source>
        <translation>把训练好的网络导出为 PyTorch 脚本、ONNX、TorchScript 或权重</translation>
    </message>
    <message>
        <source>Export plots as &amp;PNG…</source>
        <translation>将曲线图导出为 PNG(&amp;P)…</translation>
    </message>
    <message>
        <source>Save the training curves as an image</source>
        <translation>把训练曲线保存为图像</translation>
    </message>
    <message>
        <source>Export metrics as &amp;CSV…</source>
        <translation>将指标导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Save the per-step and per-epoch metrics as CSV files</source>
        <translation>把每步和每轮的指标保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Open &amp;time-lapse…</source>
        <translation>打开延时记录(&amp;T)…</translation>
    </message>
    <message>
        <source>Replay how the filters and feature maps of a kept run folder formed</source>
        <translation>回放已保存运行文件夹中滤波器和特征图的形成过程</translation>
    </message>
    <message>
        <source>Export time-lapse as &amp;GIF…</source>
        <translation>把延时记录导出为 GIF(&amp;G)…</translation>
    </message>
    <message>
        <source>Save the time-lapse shown as an animated GIF or PNG frames</source>
        <translation>把当前显示的延时记录保存为 GIF 动画或 PNG 帧</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close ConvNet Studio (a running training is stopped first)</source>
        <translation>关闭 ConvNet Studio（会先停止正在进行的训练）</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Find &amp;learning rate…</source>
        <translation>查找学习率(&amp;L)…</translation>
    </message>
    <message>
        <source>Try rising learning rates on a copy of the network and suggest one</source>
        <translation>在网络的副本上尝试逐渐增大的学习率，并给出一个建议值</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Show the {view} view</source>
        <translation>显示“{view}”视图</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back where it started</source>
        <translation>把所有面板放回初始位置</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Lessons…</source>
        <translation>课程(&amp;L)…</translation>
    </message>
    <message>
        <source>Experiments that change one knob and show what it does</source>
        <translation>每次只改变一个参数的实验，让你看到它起什么作用</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>List every keyboard shortcut</source>
        <translation>列出所有键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;About ConvNet Studio</source>
        <translation>关于 ConvNet Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Version information</source>
        <translation>版本信息</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Starting the run: building the network and moving the data…</source>
        <translation>正在开始运行：构建网络并移动数据…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source>Paused. Press Resume (Ctrl+R) to continue or Stop (Ctrl+.) to end the run.</source>
        <translation>已暂停。按“继续”（Ctrl+R）继续训练，或按“停止”（Ctrl+.）结束运行。</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>将在当前这一步之后停止…</translation>
    </message>
    <message>
        <source>The live hyperparameters were not changed</source>
        <extracomment>``CommandRefused.command`` -&gt; what did not happen.</extracomment>
        <translation>实时超参数未被修改</translation>
    </message>
    <message>
        <source>The probe image cannot be shown</source>
        <translation>无法显示探测图像</translation>
    </message>
    <message>
        <source>The filters were not switched off</source>
        <translation>滤波器未被关闭</translation>
    </message>
    <message>
        <source>It is kept in the Runs tab.</source>
        <translation>它已保存在“运行记录”标签页中。</translation>
    </message>
    <message>
        <source>File › Save run keeps it.</source>
        <translation>用“文件 › 保存运行”可以保存它。</translation>
    </message>
    <message>
        <source>Training finished after {epochs} epochs ({steps:,} steps), validation accuracy {accuracy:.1%}. {hint}</source>
        <translation>训练完成，共 {epochs} 轮（{steps:,} 步），验证集准确率 {accuracy:.1%}。{hint}</translation>
    </message>
    <message>
        <source>Training finished after {epochs} epochs ({steps:,} steps). {hint}</source>
        <translation>训练完成，共 {epochs} 轮（{steps:,} 步）。{hint}</translation>
    </message>
    <message>
        <source>Training stopped because it diverged: {reason}.</source>
        <translation>训练因发散而停止：{reason}。</translation>
    </message>
    <message>
        <source>Training failed: {reason}.</source>
        <translation>训练失败：{reason}。</translation>
    </message>
    <message>
        <source>{reason}. {hint}</source>
        <translation>{reason}。{hint}</translation>
    </message>
    <message>
        <source>{reason}.</source>
        <translation>{reason}。</translation>
    </message>
    <message>
        <source>The command was refused</source>
        <translation>命令被拒绝</translation>
    </message>
    <message>
        <source>{what}: {why}</source>
        <translation>{what}：{why}</translation>
    </message>
    <message>
        <source>Your drawing</source>
        <translation>你的画</translation>
    </message>
    <message>
        <source>Validation image {index}</source>
        <translation>验证图像 {index}</translation>
    </message>
    <message>
        <source>Training image {index}</source>
        <translation>训练图像 {index}</translation>
    </message>
</context>
<context>
    <name>spec_problem</name>
    <message>
        <source>The network must be fixed before it can {action}. Layer {index} ({label}): {reason}. Fix it in the Model panel, where its row is marked with a warning sign.</source>
        <translation>必须先修正网络，才能{action}。第 {index} 层（{label}）：{reason}。请在“模型”面板中修正，出错的那一行标有警告图标。</translation>
    </message>
    <message>
        <source>The network must be fixed before it can {action}: {reason}. Fix it in the Model panel, which says the same below its layer table.</source>
        <translation>必须先修正网络，才能{action}：{reason}。请在“模型”面板中修正，层表格下方也有同样的说明。</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <source>Loading PyTorch…</source>
        <extracomment>The devices offered before PyTorch has said which exist here. A shown window that gets no paint event this soon (e.g. opened on another desktop) loads anyway.</extracomment>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Loading PyTorch, then the {dataset} dataset…</source>
        <translation>正在加载 PyTorch，然后加载 {dataset} 数据集…</translation>
    </message>
    <message>
        <source>Loading the {dataset} dataset…</source>
        <translation>正在加载 {dataset} 数据集…</translation>
    </message>
</context>
<context>
    <name>views</name>
    <message>
        <source>Plots</source>
        <extracomment>English; mark it with QT_TRANSLATE_NOOP(&quot;views&quot;, ...) so it is translated The central tabs, in tab and menu order.</extracomment>
        <translation>曲线图</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>归因</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Data</source>
        <extracomment>The tab shown when the window opens: the network at work before any training. The dock panels, by name: ``select_view`` and ``--view`` accept these too.</extracomment>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
</context>
</TS>
