/// The fixed parts of the page: style sheet and the tooltip script. Nothing here depends on the data, so no
/// feature text can ever end up inside the `<script>` element.
enum PageTemplate {
    static let fontFamily =
        "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC','Hiragino Sans GB',"
        + "'DejaVu Sans','Liberation Sans',Arial,sans-serif"

    static let styleSheet = """
        html,body{margin:0;padding:0;background:#fff}
        body{font-family:\(fontFamily);color:#222}
        svg{display:block}
        svg text{font-family:\(fontFamily)}
        path{fill-rule:evenodd;stroke-linejoin:round;stroke-linecap:round}
        [data-p]{cursor:default}
        [data-p]:hover,[data-p]:hover path{stroke:#000;stroke-opacity:1}
        .ttl{font-size:18px;font-weight:bold;fill:#222}
        .lbl{font-size:11px;fill:#333;text-anchor:middle;dominant-baseline:central;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round;pointer-events:none}
        .hl{font-size:10px;font-weight:bold;fill:#111;dominant-baseline:central;paint-order:stroke;stroke:#fff;stroke-width:2.5px;pointer-events:none}
        .sl{font-size:10px;fill:#222;dominant-baseline:central;paint-order:stroke;stroke:#fff;stroke-width:2.5px;stroke-linejoin:round;pointer-events:none}
        .lg{font-size:11px;fill:#333}
        .lgh{font-size:12px;font-weight:bold;fill:#222}
        .lgs{font-size:10px;fill:#666}
        .lgn{font-size:10px;fill:#666;text-anchor:end}
        .sb{font-size:11px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px}
        #tip{position:absolute;display:none;z-index:2;background:rgba(255,255,255,.96);border:1px solid #777;border-radius:3px;padding:4px 7px;font-size:12px;line-height:1.35;pointer-events:none;box-shadow:0 1px 4px rgba(0,0,0,.25);max-width:420px}
        #tip b{display:block;margin-bottom:2px}
        #tip table{border-collapse:collapse}
        #tip td{padding:0 6px 0 0;vertical-align:top;white-space:nowrap}
        #tip td+td{white-space:normal;word-break:break-all}
        """

    /// Shows the hovered feature's properties. Values are set with `textContent`, never parsed as HTML.
    static let script = """
        (function(){
        var tip=document.getElementById('tip');
        var svg=document.querySelector('svg.map');
        function show(e){
        var el=e.target.closest?e.target.closest('[data-p]'):null;
        if(!el){tip.style.display='none';return;}
        var props;try{props=JSON.parse(el.getAttribute('data-p'));}catch(err){props={};}
        var layer=el.closest('[data-layer]');
        tip.textContent='';
        var head=document.createElement('b');
        head.textContent=layer?layer.getAttribute('data-layer'):'';
        tip.appendChild(head);
        var table=document.createElement('table');
        var keys=Object.keys(props).sort();
        if(el.hasAttribute('data-id')){keys.unshift('(id)');props['(id)']=el.getAttribute('data-id');}
        for(var i=0;i<keys.length;i++){
        var row=table.insertRow(-1);
        row.insertCell(-1).textContent=keys[i];
        var v=props[keys[i]];
        row.insertCell(-1).textContent=(typeof v==='object'&&v!==null)?JSON.stringify(v):String(v);
        }
        if(keys.length===0){var r=table.insertRow(-1);r.insertCell(-1).textContent='(no properties)';}
        tip.appendChild(table);
        tip.style.display='block';
        var x=e.pageX+14,y=e.pageY+14;
        var w=tip.offsetWidth,h=tip.offsetHeight;
        if(x+w>window.scrollX+window.innerWidth)x=Math.max(0,e.pageX-14-w);
        if(y+h>window.scrollY+window.innerHeight)y=Math.max(0,e.pageY-14-h);
        tip.style.left=x+'px';tip.style.top=y+'px';
        }
        svg.addEventListener('mousemove',show);
        svg.addEventListener('mouseleave',function(){tip.style.display='none';});
        document.body.setAttribute('data-ready','1');
        })();
        """
}
