# ruff: noqa: E501  (data: one situation or phrase list per line)
"""Situations residents describe, in Uzbek (Latin, typed with plain apostrophes).

One line is one situation; " | " separates different ways of saying it. The generator holds
out whole lines when it measures generalization, so no phrasing of a held-out situation is
ever seen in training. Slots in braces are filled from `common.SLOTS`.
"""

SITUATIONS = {
    "water": """
{days} kundan beri uyimizda suv yo'q | {days} kun bo'ldi kranlardan bir tomchi ham suv chiqmayapti | suv umuman kelmayapti, {days} kundan beri suvsiz o'tiribmiz
suv bosimi juda past, ikkinchi qavatga chiqmaydi | kranda suv ingichka bo'lib zo'rg'a oqadi | bosim yo'qligidan kir yuvish mashinasi ishlamayapti
suv faqat kechasi soat 2 dan 5 gacha keladi | ichimlik suvi grafik bilan beriladi, kunduzi umuman yo'q | suv kuniga bir soatgina keladi, idish to'ldirib ulgurmaymiz
kranlardan loyqa, sariq suv oqyapti | suvdan zang hidi keladi, rangi qo'ng'ir | ichimlik suvi iflos, ichida qum va loy bor
{street} ko'chasida suv quvuri yorilib, suv ko'chaga oqyapti | magistral quvur teshilib, {days} kundan beri toza suv behuda oqib yotibdi | ko'cha o'rtasida vodoprovod trubasi yorilgan, hamma yoq suv
suv hisoblagichi noto'g'ri ishlayapti, ko'p hisoblayapti | vodomer buzildi, almashtirib berishlarini so'rayman | suv schyotchigi plombasi uchun pul so'rashyapti
suv uchun kelgan hisob juda katta, {amount} so'm yozib qo'yishibdi | ichimlik suvi to'lovi noto'g'ri hisoblangan, oilada 3 kishimiz, 8 kishiga yozilgan | suv puli ikki marta olingan
yangi uyimizni suv tarmog'iga ulab berishlarini so'rayman | uyimizga ichimlik suvi quvuri tortilmagan, ulanish uchun ariza berdik | vodoprovodga ulanish uchun texnik shart bermayapti
mahallamizda umuman markazlashgan ichimlik suvi yo'q, quduq suvini ichyapmiz | suvni mashinada sotib olyapmiz, bir bochkasi {amount} so'm | ichimlik suvini uzoqdan, kolonkadan tashib kelamiz
ko'chadagi suv kolonkasi buzilgan | umumiy kolonka ishlamay qolgan, butun ko'cha undan suv olardi | suv taqsimlash kolonkasining jo'mragi sindi
issiq suv kelmayapti, faqat sovuq suv bor | issiq suv iliq kelyapti, yuvinib bo'lmaydi | {days} kundan beri issiq suv berilmayapti
suv nasosi ishlamay qolgan, ko'p qavatli uyning yuqori qavatlariga suv chiqmayapti | nasos stansiyasi to'xtagan, suv yo'q | podvaldagi nasos buzilgan, suv faqat birinchi qavatga keladi
yozda har yili suv tanqisligi bo'ladi, issiqda ichishga suv yo'q | jazirama issiqda suv o'chirilyapti | yoz kelishi bilan suv kelmay qoladi
suv o'chirilishi haqida oldindan ogohlantirishmayapti | suv ta'mirlash ishlari deb ogohlantirmasdan o'chirib qo'yishdi | qachon suv berilishini hech kim aytmayapti
suv ta'minoti korxonasiga qo'ng'iroq qilsak telefonni ko'tarishmaydi | suvokanalga necha marta aytdik, chora ko'rilmadi | vodokanal xodimlari kelib ko'rib ketishdi, ammo hech narsa qilishmadi
quvur ta'mirlangandan keyin yer qazilgan holda qoldi, suv baribir yo'q | suv quvurini almashtirishdi, lekin bosim avvalgidan ham past | eski zanglagan quvurlar tufayli suv tez-tez uziladi
suvdan xlor hidi juda kuchli keladi | suvni qaynatsak ham oq cho'kma qoladi, juda qattiq | bolalar suvdan zaharlanib qolishdi, suvni tekshirishlarini so'rayman
hovlidagi suv quvuri muzlab yorilib ketdi | qishda quvurlar muzlab suv kelmay qoldi | sovuqda ko'chadagi suv trubasi muzlagan
qo'shni o'z hovlisiga noqonuniy nasos qo'yib, hammaning suvini tortib olyapti | ba'zi xonadonlar quvurga nasos ulab olgan, bizga suv yetmayapti | qo'shnimiz o'zboshimchalik bilan suv quvurini o'z tomoniga burib olgan
suv quvurlarini yangilash rejasiga mahallamizni kiritishingizni so'raymiz | ko'chamizdagi eski suv tarmog'ini almashtirish kerak | ichimlik suvi tarmog'ini rekonstruksiya qilish kerak
sug'orish uchun kanalda suv yo'q, ekinlar qurib qolyapti | ariqqa suv kelmayapti, tomorqani sug'orolmayapmiz | dehqonchilik uchun suv navbati buzilgan
suv minorasi ishlamayapti | qishloqdagi suv minorasi buzilib qolgan | vodokachka to'xtab qolgan
suv hisoblagichi o'rnatish uchun juda katta pul so'rashdi | hisoblagich qo'ydirmasak jarima solamiz deyishyapti | suv o'lchagichni tekshiruvdan o'tkazish navbati juda uzun
quduqdagi suv sho'r, ichib bo'lmaydi | artezian qudug'i qurib qoldi | burg'ulangan quduq suvi tugab qoldi
""",
    "sewerage": """
kanalizatsiya to'lib, oqava suv hovliga chiqyapti | kanalizatsiya tiqilib qolgan, hojatxonadan suv qaytyapti | podvalni kanalizatsiya suvi bosgan
{street} ko'chasida kanalizatsiya quduq'i to'lib, iflos suv yo'lga oqyapti | kanalizatsiya lyukidan badbo'y suv chiqib yotibdi | ko'chada oqava suv ko'lmak bo'lib turibdi
kanalizatsiyadan juda qattiq badbo'y hid keladi | hamma yoqni sassiq hid bosgan, deraza ochib bo'lmaydi | oqava suvdan chiqayotgan hid tufayli nafas olib bo'lmaydi
kanalizatsiya quvuri yorilgan | podyezd ostidagi kanalizatsiya trubasi teshilgan | kanalizatsiya stoyagi oqyapti, pastki qavatga tushyapti
mahallamizda kanalizatsiya tarmog'i yo'q, hamma septik ishlatadi | ko'chamizni markaziy kanalizatsiyaga ulash kerak | uyimizni kanalizatsiya tarmog'iga ulab berishlarini so'rayman
septik to'lib qoldi, assenizatsiya mashinasi kelmayapti | hojatxona chuquri to'lgan, tozalash mashinasi chaqirsak kelmaydi | assenizator mashina juda qimmat, oqava chiqarish uchun pul talab qilishyapti
qo'shni oqava suvini ko'chadagi ariqqa chiqarib qo'ygan | kimdir kanalizatsiyani yomg'ir ariqchasiga ulab olgan | oqava suv to'g'ridan-to'g'ri kanalga tashlanyapti
kanalizatsiya nasos stansiyasi ishlamayapti | KNS buzilgan, oqava suv chiqib ketmayapti | nasos to'xtagani uchun kanalizatsiya to'lib ketdi
kanalizatsiya lyukining qopqog'i yo'q, bolalar tushib ketishi mumkin | quduq qopqog'i sinib qolgan, ichi to'la oqava | ochiq kanalizatsiya qudug'i xavfli
hojatxona suvi podvalda yig'ilib, chivin va pashsha ko'payib ketdi | podvalda oqava suv turib qolgan, kasallik tarqalishi mumkin | yerto'lani sassiq suv bosgan, sichqonlar ko'paydi
yomg'ir yog'sa kanalizatsiya toshib ketadi | har yomg'irdan keyin kanalizatsiya suvi ko'chaga chiqadi | yomg'ir suvi kanalizatsiyaga tushib, tarmoq to'lib qoladi
kanalizatsiya uchun to'lov noto'g'ri hisoblangan | oqava suv xizmati uchun pul olinadi, lekin xizmat yo'q | kanalizatsiyamiz yo'q, ammo hisobga oqova suv puli yozilgan
kanalizatsiya tozalash ishlari chala qoldi | kanalizatsiyani tozalab ketishdi, lekin bir haftada yana tiqildi | tiqilishni ochishdi, axlatini lyuk yonida qoldirib ketishdi
ko'p qavatli uyning kanalizatsiya quvurlari eskirib ketgan | uydagi kanalizatsiya stoyaklari chirigan, almashtirish kerak | yerto'ladagi kanalizatsiya trubalari zanglab teshilgan
oqava suv tufayli uy poydevori nam tortib ketdi | kanalizatsiya suvi devorga singib, uy yorila boshladi | qo'shnining septigi tufayli hovlimiz botqoqqa aylandi
oqava suv ichimlik suvi quvuriga aralashib ketgan | kranimizdan kanalizatsiya hidi keladigan suv oqyapti | suvga oqava aralashgan, tekshiring
tozalash inshootlari ishlamay, oqava suv daryoga oqizilyapti | oqava suvni tozalash inshooti to'xtagan | kanalga tozalanmagan oqava quyilyapti
maktab oldida kanalizatsiya toshib yotibdi | bog'cha yonida ochiq oqava suv oqyapti, bolalar o'ynaydi | bozor yonidagi kanalizatsiya tiqilib qolgan
""",
    "roads": """
{street} ko'chasida katta chuqurlar paydo bo'lgan | yo'lda chuqurlar ko'p, mashinalar g'ildiragi buzilyapti | asfalt o'pirilib, katta chuqur hosil bo'lgan
ko'chamiz umuman asfaltlanmagan, tuproq yo'l | yomg'ir yog'sa ko'chamizdan loydan o'tib bo'lmaydi | ko'chamizga shag'al to'kib, tekislab berishingizni so'raymiz
yo'l ta'mirlanganiga bir yil bo'lmay yana buzildi | yangi asfalt sifatsiz yotqizilgan, yorilib ketdi | asfaltni yamash ishlari chala qolgan
yo'lni qazib, quvur o'tkazishdi va shu holda tashlab ketishdi | kommunal xizmat yo'lni buzib ketdi, tiklamadi | ko'chani kovlab qo'yishdi, {days} kundan beri o'tib bo'lmaydi
piyodalar uchun trotuar yo'q, bolalar maktabga yo'l chetidan yuradi | trotuar plitkalari ko'chib ketgan | yo'lakda teshiklar ko'p, keksalar yiqilib tushyapti
maktab yonida piyodalar o'tish joyi chizilmagan | zebra o'chib ketgan, yangidan chizish kerak | piyodalar o'tish joyida svetofor yo'q
svetofor ishlamayapti | chorrahadagi svetofor bir haftadan beri o'chgan | svetoforning sariq chirog'i doim miltillaydi, avariya bo'lishi mumkin
mashinalar juda tez yuradi, sun'iy notekislik qo'yish kerak | ko'chamizga tezlikni pasaytiruvchi to'siq qo'yib bering | lejachiy politseyskiy o'rnatishni so'raymiz, bolalar xavf ostida
ariq ustidagi ko'prik buzilib qolgan | daryo ustidagi piyodalar ko'prigi xavfli holatda | ko'prik taxtalari chirib ketgan, odamlar o'tolmayapti
yo'l belgilari yo'q yoki sinib qolgan | burilishda ogohlantiruvchi belgi yo'q | yo'l belgisi daraxt shoxlari ortida ko'rinmaydi
qishda yo'llar qordan tozalanmaydi | muzlagan yo'lga qum sepilmagan, mashinalar sirpanyapti | qor ko'chib yo'l yopilib qoldi
ko'cha yo'li juda tor, ikki mashina sig'maydi | yo'lni kengaytirish kerak, tirbandlik bo'lyapti | yo'l bo'yidagi noqonuniy to'siqlar yo'lni toraytirgan
yo'l chetiga yomg'ir suvi oqib ketadigan ariqcha yo'q, yo'l suv ostida qoladi | yomg'irdan keyin yo'lda ko'lmaklar turib qoladi | yo'lning suv qochirish tizimi yo'q
og'ir yuk mashinalari ko'chamizdagi yo'lni buzib tashladi | qurilish texnikasi yo'lni ezib yubordi | ko'chamizdan fura mashinalar o'tib asfaltni yo'q qildi
mahalla ichki yo'llari 20 yildan beri ta'mirlanmagan | ichki ko'chalarni asfaltlash dasturiga kiritishingizni so'raymiz | ko'chamiz obod qishloq dasturiga kirmay qoldi
yo'lga qo'yilgan beton bordyurlar sinib yotibdi | yo'l chetidagi bordyur toshlari ko'chib ketgan | yo'l yoqasi o'pirilib, ariqqa qulab tushyapti
avtomobil to'xtash joyi yo'q, mashinalar yo'lni to'sib qo'yadi | uy oldidagi yo'lga mashina qo'yib, o'tishni to'sib qo'yishgan | avtoturargoh qurib berishingizni so'raymiz
temir yo'l kesishmasida shlagbaum ishlamaydi | temir yo'l o'tish joyi buzilgan | relslar ustidan o'tish juda qiyin, asfalt yo'q
yo'l qurilishi ikki yildan beri tugamayapti | yo'l ta'mirini boshlab, tashlab ketishdi | pudratchi yo'lni yarim qilib qo'ydi
ko'chadagi lyuk qopqog'i yo'lning o'rtasida cho'kib qolgan | yo'l sathidan baland chiqib turgan quduq qopqog'i mashinalarga zarar yetkazyapti | yo'ldagi ochiq lyukka mashina tushib ketdi
""",
    "electricity": """
{days} kundan beri uyimizda elektr energiyasi yo'q | tok yo'q, {days} kun bo'ldi | svet o'chgan, hali ham berishmadi
kuniga bir necha marta tok o'chib qoladi | elektr tez-tez uzilyapti, muzlatgich buzildi | svet kechasi o'chib, ertalab keladi
kuchlanish juda past, lampochkalar xira yonadi | tok kuchsiz, konditsioner va kir mashina ishlamaydi | kuchlanish sakrab, televizor kuyib ketdi
transformator kuyib qolgan | ko'chamizdagi transformator ortiqcha yuklamadan o'chib qolyapti | podstansiya eskirgan, yangisini qo'yish kerak
elektr simlari yerga osilib tushgan, bolalar uchun xavfli | ustundan uzilgan sim yerda yotibdi | ochiq qolgan elektr simlari tok urishi mumkin
elektr ustuni qiyshayib qolgan, yiqilishi mumkin | yog'och elektr ustuni chirib, yiqilay deb turibdi | beton ustun yorilib ketgan
elektr hisoblagichi noto'g'ri hisoblayapti | yangi aqlli hisoblagich juda ko'p kilovatt ko'rsatyapti | elektr schyotchigi ishlamay qoldi
elektr uchun juda katta qarzdorlik yozib qo'yishibdi | oxirgi oyda svet puli {amount} so'm keldi | to'lov qilgan bo'lsam ham qarzdor deb tokni uzib qo'yishdi
yangi uyni elektr tarmog'iga ulab berishmayapti | elektrga ulanish uchun ariza berganimizga 3 oy bo'ldi | tok ulash uchun texnik shartlar berishmayapti
havo liniyasi simlari daraxt shoxlariga tegib turibdi | simlar uy tomiga juda yaqin o'tgan | elektr sim uchqun chiqaryapti
hududiy elektr tarmoqlari korxonasi ogohlantirmasdan tok o'chiryapti | elektr o'chirish jadvali haqida ma'lumot berilmaydi | REShga qo'ng'iroq qilsak javob yo'q
qishda kechqurun tok yetmaydi, hamma elektr pech yoqadi | kechki payt kuchlanish juda tushib ketadi | elektr isitgichlar tufayli liniya ko'tarmayapti
elektr taqsimlash shkafi ochiq, ichidagi simlar ko'rinib turibdi | podyezddagi elektr shchit eshigi yo'q | elektr qutisi buzilib, simlar chiqib turibdi
kimdir simga noqonuniy ulanib, tok o'g'irlayapti | qo'shni hisoblagichdan tashqari tok tortib olgan | noqonuniy ulanishlar tufayli bizda kuchlanish yo'q
elektr hisoblagichni almashtirish uchun pul so'rashyapti | schyotchikni tekshirishga kelgan nazoratchi jarima bilan qo'rqitdi | hisoblagich ko'chaga chiqarib o'rnatilsin deyishyapti
tok urib, uy hayvonimiz o'ldi | elektr simidan yong'in chiqishiga oz qoldi | sim kuyib, uyda qisqa tutashuv bo'ldi
ko'p qavatli uyda bir fazaning toki yo'q | podyezdning yarmida tok yo'q | uyimizning bir tomonida svet bor, boshqa tomonida yo'q
qishloqda elektr tarmog'i juda eski, simlar ingichka | elektr tarmog'ini rekonstruksiya qilish kerak | liniyani yangilash va yangi transformator kerak
tadbirkorlik uchun quvvat oshirib berishmayapti | ustaxonamga uch fazali tok kerak | tok quvvatini oshirishga ariza berdim, javob yo'q
""",
    "gas": """
{days} kundan beri tabiiy gaz yo'q | uyimizda gaz yo'q, ovqat pishirolmayapmiz | gaz umuman kelmayapti, qozon ham ishlamayapti
gaz bosimi juda past, plita zo'rg'a yonadi | gaz olovi juda kichik, choy qaynatish bir soat | kechqurun gaz bosimi tushib ketadi
ko'chada gaz hidi kelyapti | gaz quvuridan gaz sizib chiqyapti | hovlidagi gaz trubasi yonida kuchli gaz hidi bor
gaz hisoblagichi noto'g'ri ko'rsatyapti | gaz schyotchigi buzilgan, almashtirish kerak | aqlli gaz hisoblagichi kartani qabul qilmayapti
gaz uchun qarzdorlik noto'g'ri hisoblangan | gaz puli juda ko'p keldi, {amount} so'm | gazni to'lagan bo'lsak ham uzib qo'yishdi
mahallamizga hali tabiiy gaz tortilmagan | ko'chamiz gaz tarmog'iga ulanmagan, ko'mir yoqamiz | uyimizni gazga ulash uchun ariza berdim
suyultirilgan gaz ballonlari yetkazib berilmayapti | gaz ballon olish uchun navbat juda uzun | propan ballonining narxi juda oshib ketdi
gaz quvuri zanglab ketgan, teshilib qolishi mumkin | ko'chadagi gaz trubasi osilib qolgan, ustunlari yiqilgan | gaz quvuriga mashina urilib, egilib qoldi
gaz plitasi va kolonkani tekshirishga hech kim kelmaydi | gaz xo'jaligi xodimlari profilaktika qilmayapti | gaz jihozlarini tekshiruvdan o'tkazish kerak
qishda gaz umuman bo'lmaydi | qish boshlanishi bilan gaz kelmay qoladi | sovuq kunlarda gaz bosimi nolga tushadi
gaz kolonkasi ishlamayapti, gaz kam kelyapti | gaz qozoni o'chib qolyapti, bosim yetmaydi | gaz past bo'lgani uchun kotyol yonmayapti
gaz ta'minoti korxonasi ogohlantirmasdan gazni o'chirdi | gaz ta'mirlash deb o'chirildi, qachon berilishi noma'lum | gazni uzishdi, sababini aytishmadi
gaz quvurini ko'chirish kerak, uy qurilishiga xalal beryapti | gaz trubasi hovli o'rtasidan o'tgan, ko'chirib berishingizni so'rayman | gaz quvurini boshqa joyga o'tkazishga ruxsat kerak
kimdir gaz quvuriga noqonuniy ulanib olgan | qo'shni hisoblagichsiz gaz ishlatyapti | noqonuniy ulanish tufayli bizda gaz bosimi yo'q
avtomobillar uchun gaz quyish shoxobchasida navbat | metan zapravkalar yopiq | propan zapravkada gaz yo'q
gaz hisoblagichini tashqariga ko'chirish uchun pul talab qilishyapti | gaz schyotchigini plombalash uchun navbat | gaz inspektori har safar jarima yozadi
""",
    "heating": """
uyimizga issiqlik berilmayapti, batareyalar muzdek | radiatorlar sovuq, uyda harorat 12 daraja | isitish mavsumi boshlangan bo'lsa ham batareyalar isimadi
markaziy isitish tizimi ishlamayapti | qozonxona ishlamay qolgan, uylar isitilmayapti | issiqlik markazidan issiqlik kelmayapti
batareyalar iliq, xona isimayapti | isitish juda sust, bolalar kasal bo'lyapti | radiatorlar faqat pastki qismi issiq
isitish quvuri yorilib, podvalni issiq suv bosdi | podyezddagi isitish trubasi teshilgan, bug' chiqyapti | isitish tizimidagi quvur oqyapti
isitish uchun to'lov juda katta, lekin uy sovuq | issiqlik puli olinyapti, ammo issiqlik yo'q | isitish berilmagan oylar uchun ham hisob yozilgan
isitish mavsumi kech boshlandi, noyabrda ham sovuqda o'tiribmiz | havo sovib ketdi, isitish qachon beriladi | isitish mavsumini erta boshlashni so'raymiz
uyimizni markaziy isitishdan uzib, avtonom qozon o'rnatmoqchimiz | isitishdan uzilish uchun ruxsat bermayapti | individual isitish qozoniga o'tish tartibini tushuntiring
maktab va bog'cha isitilmayapti, bolalar paltoda o'tiribdi | sinfxonalarda harorat juda past, isitish yo'q | bog'chada batareyalar sovuq
qozonxonaning mo'risi buzilgan, tutun podyezdga kiryapti | qozonxona eskirgan, tez-tez to'xtaydi | mahalla qozonxonasiga yoqilg'i yetkazilmagan
isitish tizimida havo tiqilib qolgan, batareyalar isimaydi | stoyakdan havo chiqarish kerak, chilangar kelmayapti | isitish tizimini yuvish va sozlash kerak
ko'mir va o'tin ajratilmadi, isitishga hech narsa yo'q | qishlik ko'mir berishmadi, uy sovuq | kam ta'minlangan oilalarga ko'mir berish kerak edi
yuqori qavatlarga issiqlik yetmayapti | oxirgi qavatdagi xonadonlarda batareyalar sovuq | burchak xonadonlarda harorat 10 darajadan oshmaydi
issiqlik ta'minoti quvurlari ochiq qolgan, izolyatsiyasi yo'q | ko'cha bo'ylab o'tgan isitish quvurining izolyatsiyasi yirtilgan | issiqlik trassasi yer ustida yalang'och yotibdi
isitish juda qattiq, xonada 30 daraja, sozlab bo'lmaydi | batareyalar haddan tashqari qizib ketyapti | termoregulyator yo'q, isitishni kamaytirib bo'lmaydi
""",
    "waste": """
{days} kundan beri chiqindi olib ketilmayapti | axlat mashinasi bir haftadan beri kelmadi | chiqindi tashuvchi mashina grafik bo'yicha kelmayapti
chiqindi konteynerlari to'lib, axlat yerga to'kilib yotibdi | axlat qutilari atrofida chiqindi uyumi paydo bo'ldi | konteyner maydonchasi axlatxonaga aylangan
ko'chamizda umuman axlat konteyneri yo'q | chiqindi qutisi qo'yib berishingizni so'raymiz | konteynerlar sinib, g'ildiragi yo'q
odamlar ariq bo'yiga axlat tashlab ketyapti | bo'sh yerda noqonuniy chiqindixona paydo bo'ldi | kimdir kechasi qurilish chiqindisini ko'chaga to'kib ketdi
axlatni yoqishyapti, tutundan nafas olib bo'lmaydi | chiqindixonada axlat yonyapti, hamma yoqni tutun qoplagan | qo'shnilar barg va plastikni yoqadi
chiqindi olib ketish uchun to'lov noto'g'ri yozilgan | axlat puli ikki marta hisoblangan | chiqindi xizmati kelmasa ham pul olishyapti
konteynerlar yonidan sassiq hid keladi, pashsha va itlar ko'p | axlat uyumlarida kalamushlar ko'payib ketdi | chiqindidan chiqqan hid tufayli deraza ocholmaymiz
bozordan keyin chiqindi tozalanmaydi | to'ydan keyin ko'chada axlat qolib ketdi | do'konlar chiqindini ko'chaga chiqarib qo'yadi
qurilish chiqindisini olib ketish kerak | eski uy buzilgandan keyin g'isht va shlak yo'lda qolgan | ta'mirdan qolgan chiqindini qayerga tashlashni bilmaymiz
chiqindi mashinasi axlatni olayotganda yarmini yerga to'kib ketadi | sanitar tozalash xizmati xodimlari qo'pol muomala qiladi | axlat tashuvchi mashina tor ko'chamizga kirmaydi
shisha va plastikni alohida yig'ish uchun konteyner kerak | chiqindilarni saralash uchun idishlar qo'yishni taklif qilaman | makulaturani qayerga topshirish mumkin
ko'p qavatli uyning axlat o'tkazgichi tiqilib qolgan | musoroprovod to'lib, podyezdda hid | axlat quvuri eshigi buzilgan
tibbiy chiqindilar oddiy axlatga tashlanyapti | poliklinika yonidagi konteynerda shpritslar yotibdi | dorixona chiqindisi ko'chaga tashlangan
o'lgan hayvonni ko'chadan olib ketishmadi | yo'l chetida it o'ligi yotibdi, hid tarqalyapti | kanalga o'lgan mol tashlab ketilgan
""",
    "lighting": """
ko'chamizda tungi yoritish yo'q, qorong'ida yurish qo'rqinchli | {street} ko'chasidagi chiroqlar yonmaydi | kechqurun ko'cha butunlay qop-qorong'i
ko'cha chiroqlari bir oydan beri o'chgan | ustunlardagi fonarlar ishlamayapti | ko'cha lampalari kuyib ketgan, almashtirilmagan
ko'cha chiroqlari kunduzi ham yonib turadi | fonarlar kechasi emas, kunduzi yonadi | ko'cha yoritgichlarining taymeri buzilgan
maktab yo'lida yoritish yo'q, bolalar qorong'ida qaytadi | bekat atrofi yoritilmagan | piyodalar o'tish joyi qorong'i, chiroq qo'yish kerak
ko'chaga yangi yoritish ustunlari o'rnatishni so'raymiz | yoritish tarmog'ini uzaytirib, bizning ko'chaga ham chiroq qo'ying | ko'chamizga LED chiroqlar o'rnatilsin
chiroqlarning yarmi yonadi, yarmi yo'q | har uchinchi fonar o'chgan | yoritgichlar miltillab, o'chib-yonib turadi
park va xiyobonda kechasi yoritish yo'q | bolalar maydonchasi yoritilmagan | sport maydonchasida kechki chiroqlar ishlamaydi
ko'cha chiroqlarini kimdir o'g'irlab ketgan | fonarlarning plafonlari sindirilgan | yoritish kabellari kesib ketilgan
podyezd va zinapoyada chiroq yo'q | kirish eshigi oldidagi lampa yonmaydi | yo'lakda yorug'lik yo'q, zinadan yiqilish mumkin
ko'prik va tunnel yoritilmagan | yer osti o'tish joyi qorong'i | ko'prik ustidagi chiroqlar o'chgan
kechasi qorong'ida o'g'rilar paydo bo'ldi, ko'chani yoritish kerak | qorong'i ko'chada ayollar yurishga qo'rqadi | yoritish yo'qligidan mashinalar piyodalarni ko'rmaydi
ko'cha chirog'i derazamga juda yorqin tushadi | fonar yorug'i yotoqxonamizga kirib, uxlolmaymiz | ustundagi projektor juda yorug', burab qo'ying
""",
    "landscaping": """
ko'chamizdagi katta daraxt qurib qolgan, yiqilishi mumkin | qari terak shamolda yiqilib, uyga tushishi mumkin | quruq daraxt shoxlari simlarga osilib turibdi
kimdir ko'chadagi daraxtlarni ruxsatsiz kesib ketdi | mahallamizda qari chinorlar noqonuniy kesilmoqda | daraxtlarni kesishni to'xtating
ko'chaga yangi ko'chatlar ekishni so'raymiz | ko'kalamzorlashtirish uchun ko'chat bering | yashil makon loyihasi bo'yicha daraxt ekamiz
bolalar maydonchasi yo'q, bolalar yo'lda o'ynaydi | mahallamizga bolalar o'yin maydonchasi qurib bering | eski arg'imchoqlar sinib, bolalar jarohatlanishi mumkin
park qarovsiz qolgan, o'tlar o'sib ketgan | xiyobondagi o'rindiqlar sindirilgan | bog'da favvora ishlamaydi, hovuz iflos
ariqlar tozalanmagan, suv oqmaydi | ko'cha bo'yidagi ariqlarni loy bosgan | ariq ichi axlat va barg bilan to'lgan
daraxtlar sug'orilmayapti, ko'chatlar qurib qolyapti | yangi ekilgan ko'chatlarga hech kim qaramayapti | gulzorlar qurib qoldi
sport maydonchasi qurib berishingizni so'raymiz | yoshlar uchun futbol maydoni kerak | mahalla stadioni qarovsiz
daraxt shoxlari yo'lni to'sib qo'ygan, butash kerak | daraxtlar juda o'sib, deraza va tomga tegib turibdi | tut daraxtining shoxlarini kesib berishingizni so'raymiz
hovli obodonlashtirilmagan, skameyka va gulzor yo'q | ko'p qavatli uylar orasidagi hovlini obodonlashtirish kerak | uy oldidagi maydonchani tartibga keltiring
o'tlar o'sib ketgan, ilon va chayonlar paydo bo'ldi | bo'sh maydonni yovvoyi o't bosgan | ambroziya o'sib, allergiya qo'zg'atyapti
yashil hududga qurilish qilinyapti | parkning bir qismini kafe egallab oldi | bog' o'rniga do'kon qurishmoqda
mahalla guzarini obod qilishni taklif qilaman | mahalla markazida dam olish maskani kerak | choyxona oldidagi maydonni ko'kalamzorlashtirsak
""",
    "transport": """
{bus}-avtobus juda kam yuradi, bir soatlab kutamiz | avtobuslar qatnovi kamaydi, bekatda uzoq turamiz | jamoat transporti vaqtida kelmaydi
mahallamizga umuman avtobus qatnamaydi | bizning hududga yo'nalish ochib berishingizni so'raymiz | shaharga borish uchun transport yo'q
kechqurun soat 8 dan keyin avtobus yo'q | ertalab ishga borish uchun erta reys kerak | kechki reyslar olib tashlangan
yo'nalishli taksi haydovchilari yo'l haqini oshirib olyapti | marshrutkada narx {amount} so'mga ko'tarildi | avtobusda karta o'tmaydi, naqd pul so'rashadi
avtobus haydovchisi qo'pol, bekatda to'xtamaydi | haydovchi telefon bilan gaplashib haydaydi | marshrutka haydovchisi odamlarni haqorat qiladi
avtobuslar juda tiqilinch, odam sig'maydi | ertalab avtobusga chiqib bo'lmaydi | bolalar bilan avtobusga chiqish imkonsiz
bekatda soyabon va o'rindiq yo'q | avtobus bekati buzilgan | bekat ko'chirildi, endi juda uzoq yurish kerak
avtobuslar eski, derazalari sinik, qishda issiq emas | marshrutkalar texnik holati yomon | avtobusda konditsioner ishlamaydi
nogironlar aravachasi bilan avtobusga chiqib bo'lmaydi | past polli avtobus kerak | keksalar avtobusga chiqolmaydi
maktab o'quvchilari uchun avtobus kerak | bolalar maktabga 5 km piyoda boradi | qishloqdan maktabgacha transport yo'q
metro bekati ochilishi qachon | metro poyezdlari tiqilinch | elektrichka jadvali o'zgargan
taksi haydovchilari bekatda to'planib yo'lni to'sadi | noqonuniy taksilar ko'paygan | avtobus yo'nalishi o'zgartirilib, bizning ko'chadan o'tmaydi
transport kartasi to'ldirilmayapti | yo'l kartasi ishlamay qoldi, pul yechildi | pensionerlar uchun imtiyozli yo'l kartasi berilmayapti
""",
    "telecom": """
uyda internet juda sekin | internet tezligi past, video ochilmaydi | to'lagan tezlikning yarmi ham yo'q
{days} kundan beri internet umuman yo'q | optik tolali internet uzilgan | provayder internetni o'chirib qo'ygan, sababini aytmaydi
mahallamizda mobil aloqa signali yo'q | telefonda tarmoq ushlamaydi, qo'ng'iroq qilib bo'lmaydi | uyda aloqa yo'q, tashqariga chiqib gaplashamiz
ko'chamizga optik tola tortib berishingizni so'rayman | internet ulash uchun ariza berdim, imkoniyat yo'q deyishdi | bizning ko'chaga provayder kirmagan
uy telefoni ishlamayapti | statsionar telefon liniyasi uzilgan | telefon liniyasida shovqin, gaplashib bo'lmaydi
telekom kabellari osilib yotibdi | aloqa simlari yerda yotibdi | kabel quvurining qopqog'i ochiq
internet uchun ikki marta pul yechildi | tarif o'zgartirilib, abonent to'lovi oshdi | ishlamagan kunlar uchun ham pul olishdi
mobil aloqa minorasi uy yonida o'rnatilmoqda, sog'liq uchun xavotirdamiz | uyimiz tomiga antenna qo'yishmoqchi | bazaviy stansiya qurilishiga qarshimiz
kabel televideniyesi ko'rsatmayapti | televizorda kanallar yo'q | raqamli televideniye signali yo'q
maktab va bog'chada internet yo'q | mahalla idorasida internet yo'qligidan xizmatlar to'xtagan | kutubxonada Wi-Fi kerak
4G ishlamaydi, faqat 2G | mobil internet juda sekin | qishloqda mobil internet umuman yo'q
provayder xodimlari o'rnatish uchun qo'shimcha pul so'radi | internet ustasi kelmayapti, bir haftadan beri kutyapmiz | aloqa kompaniyasining qo'ng'iroq markazi javob bermaydi
""",
    "housing": """
ko'p qavatli uyimizning tomi oqyapti, yomg'ir suvi xonadonga tushyapti | tom yopqichi eskirgan, har yomg'irda shift ho'l bo'ladi | oxirgi qavatdamiz, tomdan suv tomyapti
podyezd ta'mirlanmagan, devorlar ko'chib tushgan | podyezd eshigi sinib qolgan | zinapoyadagi derazalar sinik, podyezd sovuq
liftimiz ishlamayapti | lift bir oydan beri to'xtagan, keksalar tushaolmaydi | lift eskirib ketgan, xavfli
uy-joy mulkdorlari shirkati hech narsa qilmayapti | shirkat rahbari pul yig'adi, lekin ta'mir yo'q | boshqaruvchi kompaniya arizalarimizga javob bermaydi
uyimiz avariya holatida, devorlarda yoriqlar bor | binoning devori yorilib ketgan, qulashi mumkin | uyning poydevori cho'kib, devorlar ajralyapti
uy-joy olish uchun navbatda turibmiz, 5 yildan beri | ijtimoiy uy-joy ajratilishini so'rayman | arzon uy-joy dasturiga kirish uchun yordam bering
ijarada yashaymiz, o'z uyimiz yo'q | uysizmiz, bolalar bilan qayerda yashashni bilmaymiz | uyimiz yonib ketdi, boshpana kerak
uyimizni buzish rejasiga kiritishgan, kompensatsiya bermayapti | uyimiz buzildi, evaziga uy berishmadi | renovatsiya sababli ko'chirishmoqda, adolatsiz baho berishdi
yuqori qavatdagi qo'shni suv toshqizib, shiftimiz buzildi | qo'shnilar podyezdda noqonuniy qayta qurish qildi | qo'shni yuk ko'taruvchi devorni buzib tashladi
yerto'la namlikdan chirib ketgan, uyga zax kiryapti | devorlarda mog'or paydo bo'lgan | xonadonimiz zax bo'lib, bolalar kasal
balkonlar ko'chib tushyapti, xavfli | uy fasadidan g'isht va suvoq tushyapti | balkon plitasi yorilgan
uy-joy kommunal xizmatlari uchun to'lov juda yuqori | shirkat badali oshirildi, xizmat o'sha-o'sha | umumiy mulkni saqlash uchun yig'ilgan pul qayerga ketyapti
kvartira hujjatlari bilan muammo, xususiylashtirish qilolmayapmiz | uyimizni xususiylashtirish uchun yordam kerak | kadastr hujjatida xonalar soni noto'g'ri yozilgan
ipoteka bo'yicha imtiyozli kredit olishga yordam bering | ipoteka subsidiyasini berishmadi | uy-joy uchun boshlang'ich to'lov subsidiyasi
uy tomidagi antennalar va simlar tartibsiz | tom ustiga chiqish eshigi ochiq, bolalar chiqib ketyapti | chordoq eshigi qulflanmagan
""",
    "land": """
yer uchastkasi ajratib berishingizni so'rayman | uy qurish uchun yer olish uchun navbatda turibman | yosh oilamizga uy-joy qurish uchun yer kerak
qo'shni yerimizning chegarasini buzib, devorni bizning tomonga surgan | qo'shni mening tomorqamning bir qismini egallab oldi | chegarani o'lchab, to'g'irlab berishingizni so'rayman
yer uchastkamizning kadastr hujjatlari rasmiylashtirilmayapti | yerga guvohnoma olish uchun 6 oydan beri yuraman | kadastr idorasi hujjatimni qabul qilmayapti
bo'sh yerni kimdir noqonuniy egallab, qurilish boshladi | umumiy foydalanishdagi yerga imorat qurilmoqda | ariq bo'yidagi yerni o'zlashtirib olishgan
tomorqa yerimizni tortib olishmoqchi | dehqon xo'jaligi yerini boshqaga berib yuborishdi | ijaraga olgan yerimni asossiz qaytarib olishdi
yer auksioni adolatsiz o'tkazildi | yer auksionida g'olib bo'ldim, lekin yerni berishmayapti | e-auksionda sotilgan yer bizning hovli ekan
yer solig'i noto'g'ri hisoblangan | yer maydoni hujjatda katta yozilgan, soliq ko'p kelyapti | yer solig'ini kamaytirish uchun qayta o'lchash kerak
uy qurish uchun ruxsatnoma bermayapti | hovlimda qo'shimcha xona qurishga ruxsat kerak | qurilishga ruxsat olish tartibini tushuntiring
yerimiz ostidan quvur o'tkazishmoqchi, roziligimizni so'rashmadi | yer uchastkasi yo'l kengaytirishga olinadi, kompensatsiya qancha | davlat ehtiyojlari uchun olinayotgan yer uchun to'lov kam
meros qolgan yer uchastkasini nomimga o'tkazish kerak | otamdan qolgan hovlini qayta rasmiylashtirish | yerga bo'lgan huquqni qanday meros qilib olaman
qishloq xo'jaligi yerlari qurilishga berilyapti | ekin yerlariga uy qurishmoqda | sug'oriladigan yerlar bo'sh yotibdi
yer uchastkasining chegarasi xaritada noto'g'ri ko'rsatilgan | geoportalda bizning uyning chegarasi boshqacha | topografik s'yomka qilish kerak
""",
    "social_support": """
kam ta'minlangan oila sifatida moddiy yordam so'rayman | oilamiz og'ir ahvolda, moddiy yordam kerak | oziq-ovqatga ham pulimiz yetmayapti, yordam bering
bolalar nafaqasini berishni to'xtatishdi | bolalar puliga ariza berdim, rad etishdi | 3 nafar farzandim bor, bolalar nafaqasi tayinlanmadi
ijtimoiy reestrga kiritishlarini so'rayman | temir daftarga kiritishingizni iltimos qilaman | yagona ijtimoiy reestrdan chiqarib yuborishdi, sababini bilmayman
yolg'iz keksa onam qarovsiz, yordam kerak | yolg'iz yashaydigan keksaga ijtimoiy xodim biriktirilsin | qarovchisiz qolgan qariyaga g'amxo'rlik kerak
nogironligi bor farzandim uchun nafaqa berilmayapti | nogironlik nafaqasini oshirish kerak | nogironlar aravachasi ajratib berishingizni so'rayman
boquvchisini yo'qotgan oila sifatida yordam so'rayman | turmush o'rtog'im vafot etdi, 4 bolam bilan qoldim | eri tashlab ketgan, bolalarni yolg'iz boqyapman
ayollar daftariga kiritishingizni so'rayman | yoshlar daftari orqali yordam olmoqchiman | ayollar daftari bo'yicha va'da qilingan yordam berilmadi
pensiyam juda kam, dori-darmonga ham yetmaydi | pensiya tayinlanmadi, stajim yetmaydi deyishdi | pensiyani hisoblashda xato qilingan
qishki kiyim va oziq-ovqat to'plami berishingizni so'rayman | ramazon oyida muhtojlarga yordam tarqatilmadi | xayriya yordamini adolatsiz tarqatishdi
uyim yonib ketdi, moddiy yordam so'rayman | sel tufayli uy-joyimiz vayron bo'ldi, yordam kerak | zilziladan keyin uyimiz buzildi
farzandim og'ir kasal, davolanish uchun mablag' yo'q | operatsiya uchun pul to'play olmayapmiz, yordam bering | qimmat dori uchun yordam so'rayman
ko'p bolali oila sifatida imtiyozlar berilsin | kommunal to'lovlar uchun kompensatsiya berilmayapti | kam ta'minlanganlarga subsidiyani qachon berishadi
sanatoriy yo'llanmasi berishingizni so'rayman | urush va mehnat faxriylari uchun imtiyozlar | Afg'on urushi qatnashchisiga yordam kerak
chin yetim bolalarga homiylik kerak | yetim nevaramga vasiylik rasmiylashtirish uchun yordam | mehribonlik uyidan chiqqan yoshga uy-joy va yordam
""",
    "employment": """
ishsizman, ish topishga yordam bering | bir yildan beri ishsiz yuribman, oilani boqish kerak | ish qidiryapman, mahallada bo'sh ish o'rni bormi
bandlik markaziga ro'yxatdan o'tdim, lekin ish taklif qilishmadi | ishsizlik nafaqasini berishmayapti | bandlik markazi bo'sh ish o'rinlari haqida ma'lumot bermaydi
ish joyimda 3 oydan beri maosh berilmayapti | ish haqimni to'lashmayapti | ishdan bo'shatishdi, hisob-kitob qilishmadi
meni asossiz ishdan bo'shatishdi | ishdan noqonuniy haydashdi | homiladorligim sababli ishdan bo'shatishdi
kasb o'rganish uchun kursga yo'llanma bering | yoshlar uchun bepul kasb-hunar kurslari bormi | tikuvchilik kursiga yozilmoqchiman
kichik biznes ochish uchun imtiyozli kredit olishga yordam bering | tadbirkorlik uchun subsidiya olmoqchiman | oilaviy tadbirkorlik dasturi bo'yicha kredit bermayapti
chet elga ishga borish uchun yordam kerak | xorijda ishlash uchun qonuniy yo'l bormi | migratsiya agentligi orqali ishga yuborishingizni so'rayman
mehnat daftarchasini berishmayapti | mehnat shartnomasiz ishlatishyapti | rasmiy ishga qabul qilishmayapti, hammasi norasmiy
jamoat ishlariga yozilmoqchiman | haq to'lanadigan jamoat ishlari bormi | mavsumiy ishga yollashingizni so'rayman
nogironligim bor, menga mos ish topib bering | keksa yoshdagilarni ishga olishmayapti | o'smir o'g'limga yozgi ish kerak
issiqxona qurish uchun yordam so'rayman | tomorqada qo'shimcha daromad qilish uchun urug' va ko'chat bering | chorva boqish uchun kredit kerak
hunarmandchilik bilan shug'ullanaman, savdo joyi kerak | bozorda savdo qilishga joy berishmayapti | uyda ishlash uchun tikuv mashinasi kerak
mehnat migratsiyasidan qaytdim, ish yo'q | Rossiyadan qaytganimdan beri ishsizman | xorijdan qaytgan yigitlarni ishga joylashtirish kerak
""",
    "healthcare": """
oilaviy poliklinikada shifokor yo'q | oilaviy shifokor uyga kelmayapti | poliklinikada navbat juda uzun, shifokorga kirolmaymiz
tez yordam mashinasi 2 soatda keldi | tez yordam chaqirdik, kelmadi | 103 ga qo'ng'iroq qilsak javob berishmaydi
poliklinikada bepul dori berilmayapti | imtiyozli dori-darmonlar tugab qolgan | qandli diabet uchun insulin berishmayapti
shifokor bemorga qo'pol muomala qildi | hamshiralar bemorlarga e'tiborsiz | shifokor sifatsiz muomala qildi
bolamga emlash qilishmadi, vaksina yo'q | emlash grafigi buzildi | bolalarni emlash uchun navbat
qishloq vrachlik punkti yopilib qolgan | QVPda tibbiyot hamshirasi yo'q | yaqin atrofda tibbiyot muassasasi yo'q
tug'ruqxonada sharoit yomon | ayolimni tug'ruqxonaga qabul qilishmadi | homilador ayollar tekshiruvdan o'tolmayapti
nogironlik guruhini belgilash komissiyasi (VTEK) ko'rikdan o'tkazmayapti | nogironlikni qayta rasmiylashtirish uchun navbat | tibbiy-mehnat ekspert komissiyasi asossiz rad etdi
mahallamizda yuqumli kasallik tarqalgan | ko'p bolalar ichak kasalligi bilan og'rib qoldi | sil kasalligiga chalingan qo'shni davolanmayapti
tish davolash juda qimmat | stomatolog yo'q | bolalar tish shifokori qabul qilmayapti
shifokor noto'g'ri tashxis qo'ydi, ahvolim yomonlashdi | operatsiyadan keyin asorat qoldi | davolashda xatolik bo'ldi
ruhiy kasal qo'shnimiz davolanishi kerak | giyohvandlikdan davolash markazi qayerda | keksa otam uchun uyda parvarish kerak
dorixonalarda dori narxi juda qimmat | retseptli dori yo'q | dorixona ruxsatsiz dori sotyapti
""",
    "education": """
bolamni bog'chaga joylashtirisholmayapman, joy yo'q | bog'chaga navbat 2 yil | davlat bog'chasiga yo'llanma berishmayapti
maktabda o'qituvchilar yetishmaydi | ingliz tili o'qituvchisi yo'q, dars o'tilmayapti | matematika o'qituvchisi tez-tez almashadi
maktab binosi eskirgan, ta'mir kerak | sinfxonalarda derazalar sinik | maktab tomi oqadi
sinfda 45 nafar o'quvchi, juda tiqilinch | maktab uch smenada o'qiydi | yangi maktab qurish kerak
maktabda ovqatlanish sifatsiz | bog'chada bolalarga yaxshi ovqat berilmayapti | maktab oshxonasi yopiq
bolamni maktabga qabul qilishmayapti | boshqa maktabga o'tkazishga ruxsat bermayapti | birinchi sinfga yozilish tizimi ishlamayapti
darsliklar yetishmaydi, sotib olishni talab qilishyapti | elektron kundalik ishlamaydi | o'quvchilarga bepul darslik berilmadi
o'qituvchi bolamni kamsitadi, urgan | maktabda bolalar o'rtasida zo'ravonlik bor | sinf rahbari bolamga nisbatan adolatsiz
maktabda to'garaklar yo'q | bolalar uchun sport seksiyasi kerak | musiqa maktabiga joy yo'q
maktabda hojatxona hovlida, sharoit yo'q | maktabda ichimlik suvi yo'q | maktab sport zali ishlamaydi
kollej yoki texnikumga kirish haqida ma'lumot kerak | universitetga kontrakt to'lovi uchun yordam | talabalar uchun imtiyozli ta'lim krediti
maxsus ehtiyojli bolam uchun inklyuziv sinf kerak | nogiron bolani uyda o'qitish tashkil qilinmadi | logoped kerak
bog'cha tarbiyachisi bolalarga qo'pol | xususiy bog'cha juda qimmat | bog'cha ish vaqti kalta, ishlaydigan onalar ulgurmaydi
""",
    "public_order": """
kechalari ko'chada bezorilar to'planib, shovqin qiladi | yoshlar kechasi musiqani baland qo'yib, uxlatmaydi | qo'shnilar har kecha janjal qiladi
qo'shnimiz ichib olib, oilasini uradi | uyda zo'ravonlik bor, ayol va bolalar xavf ostida | qo'shni ayolning baqirgan ovozi har kecha eshitiladi
mahallada o'g'rilik ko'paydi | hovlimizdan velosiped o'g'irlashdi | mashinaning g'ildiraklarini yechib ketishdi
ko'chada mast odamlar yotadi | do'kon oldida kechasi ichkilik ichishadi | spirtli ichimlikni tunda sotishyapti
giyohvand moddalar sotilayotganiga shubha bor | yoshlar orasida nasha chekish holatlari bor | bir uyga kechasi noma'lum odamlar kelib-ketadi
profilaktika inspektori mahallaga kelmaydi | uchastkavoy chaqiruvga kelmadi | ichki ishlar xodimlari arizamizni qabul qilmadi
yoshlar mototsiklda kechasi poyga qiladi | mashinalar tunda shovqin bilan yuradi | avtomobil musiqasi butun ko'chani bezovta qiladi
daydi itlar ko'payib ketdi, bolalarga hujum qilyapti | sahroyi itlar galasi ko'chada yuradi | it bolani tishlab oldi
qo'shni kechasi qurilish ishlari olib boradi | to'yxona musiqasi yarim tungacha | restoran tunda shovqin qiladi
yoshlar o'rtasida mushtlashuv bo'ldi | maktab yonida bolalarni kaltaklashdi | bezorilar pul talab qilib, bolalarni qo'rqitadi
firibgarlar keksalarni aldab pul olishyapti | telefon orqali firibgarlik | noma'lum shaxslar o'zini xodim deb tanishtirib uyga kiradi
qo'shni mening hovlimga axlat tashlab janjal chiqardi | qo'shnilar o'rtasidagi nizo hal bo'lmayapti | qo'shnim meni haqorat qildi va qo'rqitdi
o'smirlar maktabga bormay ko'chada sanqib yuradi | voyaga yetmaganlar kechasi ko'chada | bolalar qimor o'ynashyapti
""",
    "documents": """
mahalladan ma'lumotnoma olishim kerak | yashash joyidan spravka berishingizni so'rayman | oilaviy tarkib haqida ma'lumotnoma kerak
pasport almashtirish uchun nima qilish kerak | ID-karta olish uchun navbat | pasportim yo'qolib qoldi, yangisini qanday olaman
doimiy ro'yxatga qo'yish (propiska) qilishmayapti | vaqtinchalik ro'yxatga olish uchun hujjatlar | propiskadan chiqarish kerak
tug'ilganlik haqidagi guvohnoma olish kerak | FHDYOda nikohni qayd etish uchun navbat | o'lim haqidagi guvohnomani olish
mahalla raisi tavsifnoma (xarakteristika) bermayapti | ishga kirish uchun mahalladan tavsifnoma kerak | sudga taqdim etish uchun xarakteristika
uy-joy hujjatlarining nusxasini olish kerak | arxivdan ma'lumot so'rayman | ish staji haqida arxiv ma'lumotnomasi
notarius orqali ishonchnoma rasmiylashtirish | meros hujjatlarini rasmiylashtirish uchun qayerga murojaat qilaman | hujjatlarni apostil qilish
elektron hukumat portalida ariza topshira olmayapman | my.gov.uz orqali xizmat ololmadim | davlat xizmatlari markazida navbat juda uzun
hujjatimda ism-familiyam xato yozilgan | guvohnomadagi xatoni to'g'rilash kerak | tug'ilgan sanam noto'g'ri kiritilgan
haydovchilik guvohnomasini almashtirish | avtomobilni ro'yxatdan o'tkazish uchun hujjat | texnik pasport yo'qoldi
chet el pasporti olish uchun hujjatlar | xorijga chiqish uchun ma'lumotnoma | fuqarolik olish uchun qanday hujjat kerak
kam ta'minlanganlik haqida ma'lumotnoma olishim kerak | daromad haqida spravka kerak | oila a'zolari haqida ma'lumotnomani onlayn olsa bo'ladimi
""",
    "corruption": """
xodim ish bitirish uchun pora so'radi | hujjatimni tezlashtirish uchun pul talab qilishdi | pul bermasam ish bo'lmaydi deyishdi
mahalla raisi moddiy yordamni tanishlariga tarqatdi | yordam puli muhtojlarga emas, qarindoshlarga berildi | ijtimoiy yordamni o'zlashtirib olishgan
maktabda har oy ta'mir uchun pul yig'ishadi | bog'chaga joy berish uchun pul so'rashdi | o'qituvchi baho qo'yish uchun pul oladi
shifokor bepul operatsiya uchun pul talab qildi | shifoxonada har qadamda qo'lga pul berish kerak | nogironlik guruhi uchun pora so'rashdi
yer ajratish uchun katta pul talab qilishyapti | kadastr xodimi pulsiz hujjat bermayapti | qurilishga ruxsat uchun tamagirlik
yo'l qurilishi uchun ajratilgan mablag' o'g'irlangan | ta'mir uchun pul ajratilgan, lekin ish qilinmagan | smeta sun'iy oshirilgan
tanish-bilishchilik bilan ishga olishyapti | davlat ishiga pul evaziga joylashtirishadi | tanlov o'tkazilmasdan qarindoshini ishga oldi
mansabdor shaxs lavozimini suiiste'mol qilmoqda | hokimiyat xodimi tadbirkordan ulush talab qilyapti | tekshiruvchi pul olib, qoidabuzarlikni yopdi
militsiya xodimi jarima o'rniga pul oldi | YHXBB inspektori pora oldi | ichki ishlar xodimi pul bersang qo'yib yuboraman dedi
gaz va elektr ulash uchun tagdan pul so'rashyapti | hisoblagich qo'yish uchun rasmiy to'lovdan tashqari pul oldi | kommunal xodim kvitansiyasiz pul yig'adi
auksion natijalari oldindan kelishilgan | davlat xaridlarida tanish firmaga buyurtma berildi | tender soxta o'tkazildi
pora so'ragan xodim haqida xabar beraman | poraxo'rlik holatini tekshirishingizni so'rayman | korrupsiya haqida anonim xabar
""",
    "other": """
mahalla raisi va xodimlariga minnatdorchilik bildiraman | yordam berganingiz uchun katta rahmat | mahalla faollariga tashakkur
mahallada hashar o'tkazishni taklif qilaman | Navro'z bayramini birga nishonlasak | mahalla yig'ini qachon bo'ladi
mahalla raisi qabul kunlari qachon | mahalla idorasi ish vaqti qanday | raisga qanday uchrashsa bo'ladi
mahallada masjid qurish taklifi | qabristonni tartibga keltirish kerak | qabriston devori buzilgan
to'y va ma'rakalarni o'tkazish tartibi haqida savol | to'yxona ijarasi haqida ma'lumot | marosimlarni ixcham o'tkazish tavsiyasi
mahalla saytida ma'lumot yangilanmagan | mahalla telegram kanalini ochish taklifi | mahalla e'lonlarini qayerdan bilsa bo'ladi
saylov uchastkasi qayerda | aholi ro'yxatini o'tkazish haqida savol | mahalla raisi saylovi qachon
mahalla yig'inida qatnashmoqchiman | mahalla kengashiga taklif berish | faollar uchun uchrashuv tashkil qiling
uy hayvonlarini boqish qoidalari | tovuq va qo'y boqishga ruxsat bormi | asalarichilik bilan shug'ullanish uchun savol
ushbu platformadan qanday foydalanish kerak | murojaatim holatini qanday bilaman | ilovada ro'yxatdan o'ta olmayapman
keksalar uchun choyxona yoki klub ochish taklifi | mahalla kutubxonasi ochilsa | yoshlar uchun kompyuter markazi taklifi
""",
}

# More situations for the categories whose words vary most (found by the held-out split).
MORE = {
    "corruption": """
hokimiyatdagi xodim yer hujjati uchun mendan 500 dollar so'radi | tuman hokimligida pulsiz hech narsa qilinmaydi | xodim ochiqchasiga pora talab qildi, yozib oldim
mahalla raisi "temir daftar"ga kiritish uchun pul oldi | ijtimoiy reestrga qo'shish uchun pul so'rashdi | nafaqa tayinlash uchun xodim o'ziga ulush so'radi
kredit ajratish uchun bank xodimi foiz so'radi | subsidiya olish uchun tanish orqali pul berish kerak ekan | imtiyozli kredit uchun otkat so'rashyapti
davlat mulkini arzon narxda o'zlashtirib olishdi | byudjet pulini talon-taroj qilishmoqda | mahalla mablag'lari qayerga sarflangani noma'lum, o'g'irlangan
soliq inspektori tekshiruvni yopish uchun pul oldi | sanepidstansiya xodimi do'konimizdan har oy pul oladi | yong'in xavfsizligi inspektori pul bermasak yopamiz dedi
sud ishida hakamga pul berishni taklif qilishdi | advokat "sudyaga beramiz" deb pul so'radi | tergovchi ishni yopish uchun pul talab qilmoqda
harbiy xizmatdan ozod qilish uchun pul so'rashdi | haydovchilik guvohnomasini pulga sotishyapti | imtihondan o'tkazish uchun pora olishadi
mansabdorning qarindoshlari tender yutib olyapti | hokimning ukasi firmasiga barcha buyurtmalar beriladi | manfaatlar to'qnashuvi, rahbar o'z firmasiga shartnoma berdi
""",
    "healthcare": """
onamning bosimi ko'tarilib qoldi, poliklinikada kardiolog yo'q | yurak kasalligim bor, mutaxassis ko'rigiga yozilolmayapman | endokrinolog qabuliga bir oylik navbat
bolam isitmalab qoldi, pediatr kelmadi | bolalar shifokori uyga chaqirganda kelmaydi | chaqaloqni patronaj hamshira ko'rgani kelmadi
dializ qilish uchun har kuni shaharga borishimiz kerak | onkologik bemorlarga dori yetkazilmayapti | og'riq qoldiruvchi dori berishmayapti
ko'z operatsiyasi uchun kvota berishmayapti | davlat hisobidan davolanish uchun yo'llanma kerak | operatsiyani bepul qilish uchun kvota so'rayman
shifoxonada joy yo'q, bemorlar yo'lakda yotibdi | kasalxona palatalari iflos, choyshab yo'q | kasalxonada issiq ovqat berilmaydi
tibbiyot markazida rentgen apparati buzilgan | UZI qilish uchun boshqa tumanga borishga majburmiz | laboratoriya ishlamayapti, tahlil topshirolmaymiz
keksa otamni tibbiy ko'rikdan o'tkazish uchun uyga shifokor kerak | yotoq bemorga hamshira kelib ukol qilishi kerak | nogiron onamga uyda tibbiy yordam kerak
poliklinika elektron navbat tizimi ishlamaydi | shifokorga onlayn yozilib bo'lmaydi | registraturada telefonga hech kim javob bermaydi
""",
    "housing": """
ko'p qavatli uyning yerto'lasini suv bosgan, hid tarqalmoqda, shirkat qaramayapti | podvaldagi quvurlar chirib, namlik uyga chiqyapti | yerto'la eshigi ochiq, daydilar kirib yotadi
uy-joy shirkati podyezdni tozalamaydi | zinapoyalar yuvilmaydi, podyezd iflos | farrosh yo'q, podyezdni o'zimiz tozalaymiz
uyimizning tashqi devori izolyatsiya qilinmagan, qishda muzlaymiz | fasadni ta'mirlash dasturiga kiritishingizni so'raymiz | uyning choklari ochilib, devorlardan sovuq o'tadi
xonadonimizning derazalari eski, almashtirish kerak | kirish eshigi qulfi buzilgan, begonalar kiradi | domofon ishlamaydi
yosh oila sifatida uy-joy olish uchun yordam so'rayman | arzon uy dasturi bo'yicha kvartira ajratilmadi | uy-joy uchun subsidiya ro'yxatiga kiritishingizni so'rayman
ijarachi xonadonimni buzib, ijara haqini to'lamay ketdi | qo'shni kvartirasini hostelga aylantirgan | uyimiz yonidagi kvartirada doim begonalar turadi
yotoqxonada sharoit yo'q, bitta xonada 6 kishi yashaymiz | yotoqxona binosi avariya holatida | yotoqxonadan chiqarib yuborishmoqchi
hovli uyimizning tomi qulab tushish arafasida | loysuvoq uyimiz yomg'irdan nuray boshladi | eski paxsa uyimizning devori yorildi
""",
    "education": """
o'g'limni maktabda sinfdan qoldirishmoqchi | farzandimga imtihonda adolatsiz baho qo'yildi | attestatdagi baholar noto'g'ri
maktab direktori ota-onalar bilan uchrashmaydi | maktab ma'muriyati shikoyatlarimizga javob bermaydi | direktor o'rinbosari ota-onalarga qo'pol
maktabda dars jadvali tez-tez o'zgaradi, darslar qoldiriladi | o'qituvchilar darsga kelmay qoladi | darslar o'rniga bolalarni paxtaga, tadbirlarga olib ketishadi
maktab forma narxi juda qimmat | maktab formasini faqat bitta do'kondan olishga majburlashyapti | birinchi sinf uchun o'quv qurollari berilmadi
bolam prezident maktabiga tayyorlanmoqda, qo'shimcha dars kerak | iqtidorli bolalar uchun to'garaklar yo'q | olimpiadaga tayyorlash uchun o'qituvchi yo'q
maktab hovlisida xavfsizlik yo'q, qo'riqchi yo'q | maktabga begonalar kirib chiqadi | maktab atrofida to'siq yo'q
kechki maktab yoki sirtqi ta'lim bormi | kattalar uchun savodxonlik kurslari kerak | ayollar uchun kompyuter savodxonligi kursi
o'quvchilar uchun maktabda kompyuter sinfi yo'q | maktab kutubxonasida kitob yo'q | laboratoriya jihozlari eskirgan
""",
    "land": """
qo'shni mening yerimga uy qurib oldi | yerimning bir qismiga qo'shni garaj qurdi | chegarada qo'shni devor urib, yo'limni yopib qo'ydi
tomorqa yer ajratish ro'yxatiga kiritishingizni so'rayman | yoshlarga dehqonchilik uchun yer berilsin | bo'sh yerni ijaraga olib, dehqonchilik qilmoqchiman
yer uchastkasini sotib olgandim, endi hujjati soxta ekan | yerni ikki kishiga sotishgan | notarial shartnoma bo'yicha yer hali rasmiylashtirilmadi
hovlim hujjatida maydon 6 sotix, aslida 8 sotix | yerning maydoni noto'g'ri o'lchangan | kadastr pasportida xatolik bor, yer kam yozilgan
yer uchastkamga suv bosib, qum-shag'al to'kishdi | kimdir mening yerimdan tuproq qazib ketdi | yerimga ruxsatsiz qurilish chiqindisi to'kilgan
o'zboshimchalik bilan qurilgan uyni qonuniylashtirish kerak | noqonuniy qurilma deb uyimni buzishmoqchi | hovlimdagi qo'shimcha qurilmani ro'yxatdan o'tkazish
""",
    "employment": """
ish beruvchi ish haqini konvertda beradi, pensiya stajim yo'q | norasmiy ishlaganim uchun stajim hisoblanmaydi | ish joyida mehnat xavfsizligi ta'minlanmagan
ayollar uchun uyga yaqin ish joyi kerak | bola parvarishidan keyin ishga qaytolmayapman | homiladorlik va tug'ish ta'tili puli to'lanmadi
bitiruvchi yoshlarni ishga olishmaydi, tajriba so'rashadi | kollejni bitirdim, mutaxassisligim bo'yicha ish yo'q | universitetni bitirib ishsiz yuribman
mahallada yangi korxona ochilsa ishga kirsam | sanoat zonasida ish o'rinlari bormi | mahalla hokim yordamchisi ish topib bermadi
ish joyimda maoshimni kamaytirishdi, sababini aytishmadi | ortiqcha ish soatlari to'lanmaydi | ta'til berishmaydi
""",
    "public_order": """
qo'shnining iti kechasi bilan akillaydi, uxlolmaymiz | qo'shnilar hovlida mol so'yib, qonni ko'chaga oqizishdi | qo'shni kechasi qo'shiq aytib, baqirib chiqadi
uyimiz oldida noma'lum mashina bir haftadan beri turibdi, shubhali | tunda ko'chada shubhali shaxslar aylanadi | kimdir eshiklarni tekshirib yuradi
yoshlar podyezdda chekib, ichkilik ichib o'tiradi | podyezd zinapoyasida bezorilar to'planadi | yerto'lada giyohvandlar yig'iladi
kecha hovlimizga o'g'ri tushdi, politsiyaga xabar berdik, hech kim kelmadi | do'konimni o'g'irlashdi, inspektor arizamni olmadi | telefonimni tortib olib qochishdi
""",
    "roads": """
ko'chamizdagi yo'l juda changli, yozda chang bosadi | tuproq yo'ldan mashina o'tsa chang ko'tariladi, suv sepish kerak | changdan nafas olib bo'lmaydi, yo'lni asfaltlang
yo'l qurilishidan keyin hovlimizga kirish yo'li yopilib qoldi | yo'l sathi ko'tarilib, yomg'ir suvi hovliga oqadi | yangi yo'l hovlidan baland bo'lib qoldi
avtobus bekati oldidagi yo'l o'pirilgan | kesishmada yo'l cho'kib qolgan | ko'prik oldidagi yo'lda chuqur bor
""",
    "landscaping": """
mahallamizdagi bog'ni kesib, o'rniga uy qurishmoqchi | ko'chadagi terakzorni kesib yuborishdi | daraxtlar o'rniga yangisi ekilmadi
ko'p qavatli uylar orasida bolalar o'ynaydigan joy yo'q | hovlidagi qum to'ldirilgan maydoncha iflos | yangi bolalar maydonchasidagi jihozlar sifatsiz
bog'dagi hovuz suvi sassiq, chivin ko'paygan | parkdagi ko'lni tozalash kerak | favvora atrofi iflos
""",
    "social_support": """
keksa ota-onam uchun uyga ijtimoiy xizmat ko'rsatilishi kerak | yolg'iz keksaga oziq-ovqat yetkazib berish kerak | qariyalar uyiga joylashtirishga yordam bering
oilamiz uchun moddiy yordamni ijtimoiy xodim rad etdi | daromadimiz kam bo'lsa ham reestrga kiritmadi | ijtimoiy himoya bo'limi arizamni ko'rib chiqmadi
ko'p bolali onaman, eri ishsiz, bolalarni kiyintirishga pulimiz yo'q | oilada 6 bola, daromad yo'q | bolalarimni maktabga kiyintira olmayapman
""",
    "other": """
mahalla raisi bilan uchrashuv tashkil qilishingizni so'rayman | mahalla faoliyati haqida hisobot berilsin | mahalla xodimlarining telefon raqamlarini bilsam
mahallamizda qo'shnilar bilan birga iftorlik o'tkazmoqchimiz | mahalla bayramiga homiylik qilmoqchiman | ko'chamiz nomini o'zgartirish taklifi
mahallada sodir bo'layotgan ishlar haqida fikr bildirmoqchiman | shunchaki savol: bu xizmat bepulmi | umumiy taklifim bor
""",
    "telecom": """
uyali aloqa operatori balansimdan sababsiz pul yechdi | telefon raqamim bloklanib qoldi | SIM-kartani tiklab berishmayapti
""",
    "documents": """
bolamning tug'ilganlik guvohnomasi yo'qolgan, dublikat kerak | nikoh guvohnomasining nusxasini olish | ajrim haqidagi guvohnoma kerak
pensiya rasmiylashtirish uchun qanday hujjatlar kerak | nafaqaga chiqish uchun staj haqida ma'lumotnoma | mehnat daftarchasining dublikati
""",
}

# Everyday wording that the first pools lacked (added after reading the held-out errors).
MORE2 = {
    "water": """
vodoprovoddan keladigan suv ichishga yaroqsiz, bolalar kasal bo'lyapti | kranimizdagi suv oqartirilgan, tiniq emas | suvda qurtlar ko'rindi
suv ta'minoti grafigi buzilgan, bir kun bor, uch kun yo'q | suvni navbat bilan berishyapti, bizga navbat kelmaydi | ko'chaning bir tomonida suv bor, bizda yo'q
""",
    "sewerage": """
hojatxonadan suv ketmay qoldi, kanalizatsiya quvuri tiqilgan | unitaz to'lib, suv qaytib chiqyapti | rakovina va vannadan suv ketmayapti, hamma stoyak tiqilgan
ko'cha bo'ylab ochiq oqava ariq o'tadi, hidi chidab bo'lmas | ariqdan kanalizatsiya suvi oqmoqda | yomg'ir ariqchasiga hojatxona suvi tushyapti
""",
    "roads": """
ko'chamizga tosh yotqizib, yo'l qilib bering | tuproq yo'lga asfalt kerak, bolalar loy kechib maktabga boradi | yo'l juda o'nqir-cho'nqir
yo'lda katta o'pirilish bor, kechasi ko'rinmaydi | asfaltdagi chuqurlar suv bilan to'lgan | yo'l yomonligidan taksilar ko'chamizga kirmaydi
""",
    "electricity": """
elektr toki tez-tez uzilib, uy jihozlari buzilyapti | tok kelib-ketib turibdi, kompyuter yonib ketdi | chiroq miltillab, kuchlanish sakraydi
elektr tarmoqlari xodimlari avariyani tuzatishga kelmayapti | elektrik chaqirsak ertaga deydi | tok uzilishi haqida ariza berdim, javob yo'q
""",
    "gas": """
gaz plitamiz yonmayapti, gaz yo'q | gazimiz kechqurun butunlay o'chib qoladi | gaz bosimi tushib, qozon o'chib qolyapti
gaz quvuridan vishillagan ovoz chiqyapti | gaz trubasi teshilgan shekilli, hid bor | gaz kranidan sizib chiqmoqda
""",
    "heating": """
uyimiz juda sovuq, isitish yo'q | kvartirada issiqlik yo'q, elektr isitgich bilan isinyapmiz | qishda uyni isitolmayapmiz
isitish tizimi ishga tushirilmadi | markaziy isitish qachon yoqiladi | isitish quvurlari sovuq
""",
    "waste": """
axlat qutisi to'lib ketgan, hech kim tozalamaydi | ko'cha boshida axlat to'planib qolgan | chiqindilar olib ketilmayapti, hid tarqaldi
axlatni kim olib ketadi, mashina kelmaydi | chiqindi tashish xizmati ishlamayapti | musor mashina haftada bir ham kelmaydi
""",
    "lighting": """
ko'chamizga fonar qo'yib bering | ko'chada yorug'lik yo'q | kechasi ko'cha yoritilmaydi, chiroqlar o'chiq
fonar ustunidagi chiroq kuygan | chiroq ustuni bor, lampasi yo'q | yoritish chirog'i almashtirilmagan
""",
    "landscaping": """
maysazorlar qarovsiz, o'tlar qurib qoldi | gulzorlarni sug'orish kerak | ko'chadagi daraxtlar oqlanmagan
bolalar o'yin maydonchasi buzilgan | arg'imchoq va sirpanchiq singan | bolalar maydonchasida qum yo'q
""",
    "transport": """
avtobus bekatga kelmaydi, yo'nalish bekor qilindi | jamoat transportida joy yo'q | avtobus haydovchisi yo'l haqini oshirib oldi
marshrutka yo'q, taksi qimmat | ishga borishga transport yo'q | avtobuslar jadvalga amal qilmaydi
""",
    "telecom": """
internet provayderi aloqani uzib qo'ydi | internet kabeli kesilgan | uyimizda internet tez-tez uziladi
telefon aloqasi yomon, gaplashib bo'lmaydi | uyali aloqa ishlamaydi | mobil tarmoq signali juda kuchsiz
""",
    "housing": """
uyimizning shifti ko'chib tushdi | uy ta'mirtalab, devorlari yorilgan | podyezddagi zinapoya buzilgan
uy-joy mulkdorlari shirkati rahbarini almashtirish kerak | boshqaruv kompaniyasi xizmati yo'q | shirkat badalini to'laymiz, lekin uyga qarashmaydi
""",
    "land": """
yer maydonim qo'shni tomonidan egallandi | qo'shni hovlisini kengaytirib, yo'lni egallab oldi | umumiy yo'lakka qo'shni devor qurib oldi
yer uchastkasi olish uchun ariza berdim, javob yo'q | uy-joy qurish uchun yer berishmayapti | yerga kadastr hujjati ololmayapman
""",
    "social_support": """
moddiy yordam olish uchun ariza berdim, hali javob yo'q | bir martalik moddiy yordam so'rayman | oilamiz qiyin ahvolda, yordam qiling
nafaqa to'lanmay qoldi | nafaqamni kim to'xtatdi | nafaqa oyma-oy kechikyapti
""",
    "employment": """
ish o'rni kerak, oilamni boqolmayapman | ishsizlik tufayli qiynalyapmiz | ish bersangiz ishlayman
ish haqi kechiktirib beriladi | maoshim kam, ish beruvchi to'lamaydi | ish haqi qarzi bor
""",
    "healthcare": """
shifoxonada davolanish sifati past | kasalxonada shifokorlar yetishmaydi | bemorlarga e'tibor yo'q
tug'ruqxonada homilador ayollarga sharoit yo'q | tug'ruqdan keyin onaga yordam ko'rsatilmadi | tug'ruq bo'limi yopilgan
yuqumli kasallik tarqalyapti, sanitariya tekshiruvi kerak | qizamiq tarqalgan, emlash kerak | gripp epidemiyasi, poliklinikada dori yo'q
""",
    "education": """
maktabda o'qish sifati past | maktabda bolalar yaxshi o'qitilmayapti | o'qituvchilar darsga tayyorlanmaydi
bog'cha yopilib qoldi | bog'chada tarbiyachi yetishmaydi | bog'cha binosi eskirgan
""",
    "public_order": """
mahallada tinchlik buzilyapti | ko'chada janjal va mushtlashuv ko'p | kechasi ko'chaga chiqish xavfli
qo'shnilar bilan mojaro bor, politsiya aralashsin | qo'shnim tahdid qilyapti | qo'shni bilan janjalni hal qiling
""",
    "documents": """
hujjat olish uchun qayerga borish kerak | ma'lumotnoma bermayapti | hujjatlarimni qabul qilishmadi
ro'yxatdan o'tish uchun hujjat kerak | propiska masalasida yordam bering | vaqtincha propiska qilish
""",
    "corruption": """
pora berishga majbur qilishyapti | xodim tama qilyapti | tamagirlik holati bor
hokimlikdagi korrupsiya haqida | mansabdor poraxo'r | davlat xizmatchisi pul oladi
""",
    "other": """
mahalla uchun taklifim bor | fikr bildirmoqchiman | umumiy savol bilan murojaat qilyapman
mahallada bayram tadbiri o'tkazish | hayit kuni keksalarni ziyorat qilish taklifi | mahalla to'yxonasi kerak
""",
}

# The broad categories need the most situations (per-category F1 on the held-out split).
MORE3 = {
    "housing": """
ko'p qavatli uyimizning podyezdida chiroq, eshik, deraza yo'q, shirkat qaramaydi | uyimizning umumiy joylari qarovsiz | podyezdga kirish qo'rqinchli, devorlar yozilgan
kvartiramni sotib oldim, lekin quruvchi kalitni bermayapti | yangi uyni topshirish muddati o'tib ketdi | quruvchi kompaniya uy qurilishini to'xtatib qo'ydi
yangi qurilgan uyning sifati yomon, devorlar yoriq, tom oqadi | yangi binoda shift yorildi | yangi uyda derazalardan shamol kiradi
uyimiz eskirgan, kapital ta'mir kerak | binoni kapital ta'mirlash dasturiga kiritishingizni so'raymiz | 40 yillik uyimizda hech qachon ta'mir bo'lmagan
podvalni kimdir do'konga aylantirib oldi | uyning yerto'lasini ijaraga berib yuborishgan | podyezd oldiga ruxsatsiz kiosk qurishdi
uy-joy shirkatiga to'lov qarzdorligi noto'g'ri | shirkat menga jarima yozdi | uy-joy xizmatlari kvitansiyasida ortiqcha summa
eski uyimiz buzilib, ko'chib o'tish uchun boshqa kvartira berilmadi | ijaraga pul to'lab yashayapmiz, uy kutyapmiz | ko'p bolali oila, bir xonali uyda yashaymiz
""",
    "corruption": """
pul bermaganim uchun arizamni ko'rib chiqishmadi | pul so'rab, ishni paysalga solishyapti | "bizga ham bir narsa bering" deb ochiq so'rashdi
rahbar davlat mashinasidan shaxsiy maqsadda foydalanadi | mahalla mablag'ini rais o'z ehtiyojiga ishlatdi | davlat mulkini shaxsiy foydalanishga olgan
mansabdor qarindoshlarini ishga joylashtirdi | bo'sh lavozimlarga faqat o'z odamlarini oladi | ishga kirish uchun "tanish" kerak ekan
imtihon natijalarini pulga o'zgartirishadi | universitetga kirish uchun pul so'rashdi | diplom pulga sotilyapti
ruxsatnoma berish uchun xodim pora talab qildi | litsenziya olish uchun pul so'rashdi | hujjatni imzolash uchun pora kerak dedi
pora olgan xodim haqida dalillar bor | pul berayotganimni videoga oldim | pora so'ragan odamning ismini bilaman
""",
    "landscaping": """
mahallamizda yashil hudud yo'q, daraxt ekish kerak | ko'chamiz yalang'och, birorta daraxt yo'q | ko'kalamzorlashtirish ishlari to'xtab qolgan
daraxtlar kasallangan, dorilash kerak | mevali daraxtlarga zararkunanda tushgan | ko'chadagi daraxtlarni qurt bosgan
park qurish uchun ajratilgan joy bo'sh yotibdi | xiyobon qurib berishingizni so'raymiz | dam olish bog'i kerak
hovli obodonlashtirish ishlari chala qoldi | obodonlashtirishdan keyin qum va tosh qolib ketdi | yangi yotqizilgan plitkalar ko'chib ketdi
ariqlarni tozalash hasharini o'tkazish kerak | ko'cha bo'yidagi ariqlar ko'milib qolgan | ariqqa suv oqmaydi, daraxtlar quriyapti
""",
    "public_order": """
mahallada bezorilik ko'paydi | bezorilar o'tkinchilarni haqorat qiladi | kechasi bezorilar derazalarni sindiradi
ko'chada mashinalarni o'g'irlashyapti | mashinamdan akkumulyatorni o'g'irlab ketishdi | do'kondan pul o'g'irlandi
spirtli ichimlik ichib, ko'chada janjal chiqarishadi | mast yoshlar o'tkinchilarga yopishadi | mastlar tufayli bolalar tashqariga chiqolmaydi
ko'chada kechasi qurol bilan yurgan odamni ko'rdik | kimdir pichoq ko'rsatib qo'rqitdi | o'smirlar pichoq olib yurishadi
noma'lum odamlar uyimizni kuzatib yuradi | qo'shni hovlisida shubhali harakatlar bor | mahallaga begona odamlar joylashgan
""",
    "healthcare": """
shifokor qabulida navbat kutib kasallik og'irlashdi | mutaxassis shifokorga yo'llanma bermayapti | shifokor ko'rmasdan retsept yozib berdi
bemorni shifoxonaga yotqizishmadi | kasal onamni kasalxonadan erta chiqarib yuborishdi | shifoxona bemorni qabul qilishdan bosh tortdi
tibbiy ko'rikdan o'tish uchun navbat juda uzun | tibbiy ma'lumotnoma olish qiyin | profilaktik ko'rik o'tkazilmayapti
kasallikni davolash uchun dori topolmayapmiz | dori-darmon yo'qligidan bemor qiynalyapti | dorixonada kerakli dori yo'q
""",
    "employment": """
yoshlar uchun ish o'rinlari yaratish kerak | mahallada ishsiz yoshlar ko'p | bitiruvchilarni ishga joylashtirish kerak
ayolim ishsiz, uyda tikuvchilik qilmoqchi | xotin-qizlarni ish bilan ta'minlash kerak | ayollar uchun ish o'rinlari yo'q
ish beruvchi mehnat shartnomasini bekor qildi | ishdan ketishga majburlashyapti | ish joyimda kamsitishyapti
""",
    "education": """
maktabga qatnash uchun bolalarga yo'l uzoq | maktab juda uzoqda, bolalar charchaydi | yaqin atrofda maktab yo'q
maktab o'qituvchisi darsda telefon o'ynaydi | o'qituvchi darsni tushuntirmaydi | o'qituvchi bolalarni haqorat qiladi
bolamga maktabda qo'shimcha dars uchun pul to'lash majburiy deyishdi | maktab ta'mirlash uchun ota-onalardan pul yig'ilmoqda | o'quv qurollari uchun majburiy to'lov
""",
    "roads": """
yo'lni asfaltlash va'da qilingandi, bajarilmadi | yo'l ta'mirini qachon boshlaysizlar | yo'l ishlari rejada bor deyishadi, lekin yo'q
yo'l chetida tosh va qum uyumlari yotibdi | yo'lga qurilish materiallari tashlab qo'yilgan | yo'lni yopib, qurilish qilishyapti
""",
    "social_support": """
ijtimoiy yordam ro'yxatidan noto'g'ri chiqarib yuborishdi | moddiy yordamga arizamni rad etishdi | ijtimoiy himoyadan javob yo'q
keksalar uchun imtiyozlar qo'llanmayapti | pensionerlarga kommunal imtiyoz berilmadi | nogironlarga imtiyoz berilmayapti
""",
}

# Sub-topics of the broad categories that the held-out errors showed missing.
MORE4 = {
    "social_support": """
nogironligi bor onam uchun parvarish nafaqasi tayinlanmadi | nogironni parvarish qilayotganim uchun nafaqa beriladimi | nogiron farzandimga protez kerak
kam ta'minlangan oilalarga beriladigan yordam pulini olmadik | ijtimoiy nafaqa miqdori juda kam | yordam puli kartaga tushmadi
oilada boquvchi yo'q, ijtimoiy himoya bo'limi yordam bersin | beva ayolman, bolalarim kichik, daromadim yo'q | yolg'iz onaman, yordam kerak
keksalar uchun bepul ovqat yoki saxovat uyi kerak | yolg'iz qariyalarga issiq ovqat tarqatilsin | qariyalarga bayram sovg'alari tarqatilmadi
ijtimoiy reestr bo'yicha oilamiz qayta baholanmadi | reestrga kirish uchun daromadimizni noto'g'ri hisoblashdi | ijtimoiy himoya yagona reestridan ma'lumot kerak
""",
    "housing": """
kvartiramizda zax va hid, yerto'ladan ko'tariladi | xonadonimiz devorlari nam, qora mog'or bosgan | uyimiz past qavatda, namlik ko'p
ko'p qavatli uyimizning kirish eshigiga kod qulf o'rnatish kerak | podyezd eshigi doim ochiq qoladi | podyezdga begonalar kirib chekadi
uy-joy shirkati umumiy hovlini ijaraga berib yubordi | shirkat rahbari hisobot bermaydi | shirkat yig'ilishi o'tkazilmaydi
ijtimoiy uy-joy navbatida raqamim o'zgarmayapti | uy-joy navbatidan chiqarib yuborishdi | arzon kvartira uchun hujjat topshirdim, javob yo'q
uy tomini qayta yopish kerak, shiferlar singan | tom ustidagi shifer shamolda uchib ketdi | tomning tunukasi zanglab teshilgan
""",
    "education": """
bolamni maktabda xafa qilishadi, sinfdoshlari urishadi | o'g'limni maktabda kaltaklashdi, o'qituvchilar qaramaydi | maktabda bezorilik bor
o'qituvchilar maoshini olmay, darsga kelmay qo'yishdi | maktabda o'qituvchi yetishmasligi sababli darslar birlashtirilgan | bir o'qituvchi uch fandan dars beradi
maktabda sinf xonalari tor va qorong'i | maktabda parta va stullar yetishmaydi | maktab mebellari sinib ketgan
bog'chada bolalar kasal bo'lib qolyapti, sanitariya yomon | bog'chada tarbiyachilar bolalarga qaramaydi | bog'chada bolam jarohat oldi
maktabdan keyin bolalar uchun to'garak va kutubxona kerak | maktabda robototexnika to'garagi ochilsa | bolalar uchun chet tili kurslari yo'q
""",
    "landscaping": """
hovlimiz oldidagi maydonchada sport jihozlari o'rnatish kerak | ko'chaga trenajyorlar qo'yib bering | yoshlar uchun basketbol maydoni kerak
ko'chadagi yosh ko'chatlarni echkilar yeb ketyapti | ko'chatlarni himoya qilish uchun to'siq kerak | daraxtlar tagi oqlanmagan
parkdagi yo'laklar buzilgan, plitkalar ko'chgan | bog'dagi ariqcha qurib qolgan | xiyobonda o'rindiqlar va soyabonlar yo'q
""",
    "employment": """
ish qidirayotgan yoshlarga kasb o'rgatish markazi kerak | mahallada hunar o'rgatadigan ustaxona bo'lsa | yoshlarga haydovchilik kursi uchun yordam
tadbirkorlik qilish uchun joy ijaraga bering | kichik ishlab chiqarish ochish uchun bino kerak | savdo rastasi ajratib bering
mehnat migratsiyasi uchun chet tili kursi kerak | Koreyaga ishga borish imtihoniga tayyorlanmoqchiman | xorijga ishlash uchun tibbiy ko'rik va hujjatlar
ish beruvchi sug'urta qilmaydi, ishlab jarohat oldim | ish joyida jarohat olganimga kompensatsiya berilmadi | ishdagi baxtsiz hodisa rasmiylashtirilmadi
""",
    "healthcare": """
sil kasalligi dispanseri uzoqda | qandli diabet bilan kasallanganlar ro'yxatga olinmagan | yurak xastaligi uchun tekin dori yo'q
bolalar poliklinikasida pediatr yo'q | bolamni shifokorga ko'rsata olmadim | bolalar kasalxonasida joy yo'q
oilaviy shifokor uyga patronajga kelmaydi | hamshira uyga emlashga kelmadi | homilador ayolni patronaj hamshirasi ko'rmadi
""",
    "land": """
hovlim oldidagi yo'lni qo'shni o'ziga qo'shib oldi | qo'shnim umumiy ko'chani to'sib, hovlisiga qo'shdi | tor ko'chani qo'shni egallab, mashina o'tolmaydi
yer uchastkamni o'lchab, chegara belgilarini qo'yib bering | yerimizning chegarasi aniq emas | chegara tosh belgilari olib tashlangan
yerimga boshqa odam da'vogar bo'lib chiqdi | bir yer uchun ikki kishiga hujjat berilgan | yerimni sud orqali olib qo'yishmoqchi
""",
    "corruption": """
bog'cha mudirasi joy uchun pul so'radi | maktab direktori o'qishga qabul qilish uchun pul oldi | o'qituvchi imtihondan o'tkazish uchun pul so'radi
nafaqani tayinlash uchun ijtimoiy xodim pul so'radi | moddiy yordam berishdan oldin pul talab qilishdi | yordam ro'yxatiga pulga kiritishadi
""",
}
