using System.Buffers;

namespace FeedRelay.Content;

/// <summary>
/// Common Chinese characters written differently in Simplified and Traditional script, pair by pair. Hand-written:
/// no served library tells the two apart. Only characters that are not also in ordinary use in the other script
/// (so not 后, 里, 干, 只, 台, 云, 面, 才, 于, 范, 准) are listed.
/// </summary>
internal static class HanVariants
{
    /// <summary>Simplified forms; the character at the same index of <see cref="Traditional"/> is its traditional form.</summary>
    public const string Simplified = "这们说国时会来为对发过经还进与学种关开长问现实动体当东从两应战华报总统机员军区认义么让样头间题无处将电产业务结几没门见听话语读书买卖车马鸟鱼龙图团议论记计设证该调选达边远运钱铁银错陆际险随难双变观权欢觉亲热爱众传伤价优决况击刘划则创别剧劳势医单卫历压县参号吗启响园圣场坏块坚声备复夺奋妇孙宁宝审宪导层属岁岛币师带帮广庆库废异弹强归录忆态恶惊惯扩扫扬执扰护担拥择挂损换据摄敌数断旧显术杀杂条杨极构标树桥档梦检楼欧残气汉汤泪泽浅测济浓涨湾满灭灯灵灾点烟爷犹狱独献环画疗监盖盘矿码础确礼离积称稳穷竞笔筑签简粮紧纪约级纳纯纸线练组细织终给绝继续维综绿编缓网罗罚职联胁胜脑节荣药获营虑虽补装规视览订讨训讯讲许访评识诉词译试询详误请诸课谁谈谋谓谢负贡财责败货质购费贸资赛赞赶践轮软轻载较辆输迁违连迟适递释钟钢锁闭闻阅阵阶陈隐韩项须顾预领频额风飞馆验鸡齐龄乌党习苏尔乐亚兰纽伦万亿个吴邓郑彻渐";

    /// <summary>Traditional forms, aligned with <see cref="Simplified"/>.</summary>
    public const string Traditional = "這們說國時會來為對發過經還進與學種關開長問現實動體當東從兩應戰華報總統機員軍區認義麼讓樣頭間題無處將電產業務結幾沒門見聽話語讀書買賣車馬鳥魚龍圖團議論記計設證該調選達邊遠運錢鐵銀錯陸際險隨難雙變觀權歡覺親熱愛眾傳傷價優決況擊劉劃則創別劇勞勢醫單衛歷壓縣參號嗎啟響園聖場壞塊堅聲備復奪奮婦孫寧寶審憲導層屬歲島幣師帶幫廣慶庫廢異彈強歸錄憶態惡驚慣擴掃揚執擾護擔擁擇掛損換據攝敵數斷舊顯術殺雜條楊極構標樹橋檔夢檢樓歐殘氣漢湯淚澤淺測濟濃漲灣滿滅燈靈災點煙爺猶獄獨獻環畫療監蓋盤礦碼礎確禮離積稱穩窮競筆築簽簡糧緊紀約級納純紙線練組細織終給絕繼續維綜綠編緩網羅罰職聯脅勝腦節榮藥獲營慮雖補裝規視覽訂討訓訊講許訪評識訴詞譯試詢詳誤請諸課誰談謀謂謝負貢財責敗貨質購費貿資賽贊趕踐輪軟輕載較輛輸遷違連遲適遞釋鐘鋼鎖閉聞閱陣階陳隱韓項須顧預領頻額風飛館驗雞齊齡烏黨習蘇爾樂亞蘭紐倫萬億個吳鄧鄭徹漸";

    private static readonly SearchValues<char> SimplifiedSet = SearchValues.Create(Simplified);
    private static readonly SearchValues<char> TraditionalSet = SearchValues.Create(Traditional);

    /// <summary>Whether <paramref name="c"/> is a simplified-only form.</summary>
    public static bool IsSimplified(char c) => SimplifiedSet.Contains(c);

    /// <summary>Whether <paramref name="c"/> is a traditional-only form.</summary>
    public static bool IsTraditional(char c) => TraditionalSet.Contains(c);
}
